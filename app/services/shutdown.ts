/*
 * Closes long-lived kernel resources (the shared Chromium, the scheduler)
 * when the application terminates. Each service registers its closer here.
 */
type Closer = () => Promise<void> | void
const closers: Closer[] = []

export function onShutdown(closer: Closer) {
  closers.push(closer)
}

export async function shutdownKernelServices() {
  for (const close of closers.splice(0).reverse()) {
    try {
      await close()
    } catch {
      // Shutting down: nothing useful to do with the error.
    }
  }
}
