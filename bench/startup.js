/*
 * Benchmark `startup` (PERFORMANCE.md): a fresh Loom process to the first
 * page served (200 on /login), and its resident memory idle and after a
 * burst of requests. Same-run baseline: a bare Node HTTP server process from
 * spawn to its first 200 (the floor: Node's own start-up on this machine).
 * Uses the built server (build/bin/server.js) when `node ace build` made one,
 * else the TypeScript server (bin/server.ts through ts-node), as `npm start` does.
 * Targets: ≤ 3 s to first page; RSS ≤ 300 MB.  Run: npm run bench -- startup
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, mkdirSync, symlinkSync } from 'node:fs'
import { resolve } from 'node:path'
import { createServer } from 'node:net'
import { performance } from 'node:perf_hooks'
import { median, round, sleep, writeResult } from './lib.js'

const RUNS = Number(process.env.BENCH_RUNS || 5)
const BURST = 200
const node = process.execPath

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })

function rssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    return Number(status.match(/VmRSS:\s+(\d+) kB/)[1]) / 1024
  } catch {
    return null
  }
}

async function firstOk(url, child, timeoutMs = 60_000) {
  const start = performance.now()
  while (performance.now() - start < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before serving`)
    try {
      const response = await fetch(url, { redirect: 'manual' })
      if (response.status === 200) return
    } catch {}
    await sleep(10)
  }
  throw new Error(`no 200 from ${url} within ${timeoutMs} ms`)
}

async function measure(command, args, env, path, burst = 0) {
  const port = await freePort()
  const t0 = performance.now()
  const child = spawn(command, args, { env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (c) => (stderr += c))
  try {
    await firstOk(`http://127.0.0.1:${port}${path}`, child)
  } catch (error) {
    child.kill('SIGKILL')
    throw new Error(`${error.message}\n${stderr.slice(-2000)}`)
  }
  const ms = performance.now() - t0
  await sleep(1000)
  const idle = rssMb(child.pid)
  for (let i = 0; i < burst; i++) await fetch(`http://127.0.0.1:${port}${path}`).then((r) => r.arrayBuffer())
  const after = burst ? rssMb(child.pid) : null
  child.kill('SIGTERM')
  await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)))
  return { ms, idle, after }
}

async function main() {
  const built = existsSync('build/bin/server.js')
  const mode = process.env.BENCH_SERVER || (built ? 'built' : 'ts')
  const env = { NODE_ENV: 'production', LOG_LEVEL: 'warn', LOOM_SCHEDULER: 'off' }
  // Absolute: the built server runs from build/.
  if (process.env.DB_CONNECTION !== 'pg') env.SQLITE_PATH = resolve(process.env.SQLITE_PATH || 'tmp/bench.sqlite')
  // The built server resolves packages from build/node_modules: reuse the project's.
  if (mode === 'built' && !existsSync('build/node_modules')) symlinkSync(resolve('node_modules'), 'build/node_modules', 'dir')

  // Its own database, migrated with plugins installed, and built assets, before any timing.
  mkdirSync('tmp', { recursive: true })
  if (!existsSync('public/assets/.vite/manifest.json')) spawnSync(node, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' })
  const setup = spawnSync(node, ['ace', 'loom:setup'], { env: { ...process.env, ...env }, stdio: 'inherit' })
  if (setup.status !== 0) throw new Error('node ace loom:setup failed')

  const loomCommand = mode === 'built' ? [node, ['bin/server.js']] : [node, ['--import=ts-node-maintained/register/esm', 'bin/server.ts']]
  const loomCwd = mode === 'built' ? 'build' : '.'
  const baseline = [node, ['-e', "require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT, process.env.HOST)"]]

  const loom = []
  const bare = []
  for (let i = 0; i < RUNS; i++) {
    // Alternate so that drift on a shared machine hits both alike.
    bare.push(await measure(baseline[0], baseline[1], env, '/'))
    const cwd = process.cwd()
    if (loomCwd !== '.') process.chdir(loomCwd)
    try {
      loom.push(await measure(loomCommand[0], loomCommand[1], env, '/login', BURST))
    } finally {
      process.chdir(cwd)
    }
    console.log(`  run ${i + 1}/${RUNS}: loom ${round(loom.at(-1).ms, 0)} ms, bare node ${round(bare.at(-1).ms, 0)} ms`)
  }

  const loomMs = median(loom.map((r) => r.ms))
  const bareMs = median(bare.map((r) => r.ms))
  const result = {
    server: mode,
    runs: RUNS,
    firstPageMedianMs: round(loomMs, 0),
    firstPageRunsMs: loom.map((r) => round(r.ms, 0)),
    baseline: { bareNodeMedianMs: round(bareMs, 0), runsMs: bare.map((r) => round(r.ms, 0)) },
    ratioToBareNode: round(loomMs / bareMs, 2),
    rssIdleMb: round(median(loom.map((r) => r.idle)), 0),
    rssAfterRequestsMb: round(median(loom.map((r) => r.after)), 0),
    requestsBeforeSecondRss: BURST,
    targets: { firstPageMs: 3000, rssMb: 300 },
  }
  result.meetsTargets = result.firstPageMedianMs <= 3000 && Math.max(result.rssIdleMb, result.rssAfterRequestsMb) <= 300
  const file = writeResult('startup', result)
  console.log(JSON.stringify(result, null, 2))
  console.log(`written ${file}`)
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  }
)
