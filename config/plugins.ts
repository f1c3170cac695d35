/*
 * Where Loom finds plugins: every folder under `directories` that holds a
 * plugin.ts, plus the npm packages (named loom-plugin-*) listed in `packages`.
 * The test suites also load the fixture plugins of tests/fixtures/plugins.
 * LOOM_PLUGIN_DIRS adds more folders (comma-separated, relative to the app
 * root), e.g. to try a plugin under development that lives elsewhere.
 */
const extraDirectories = (process.env.LOOM_PLUGIN_DIRS ?? '')
  .split(',')
  .map((d) => d.trim())
  .filter(Boolean)

const pluginsConfig = {
  directories: ['plugins', ...(process.env.NODE_ENV === 'test' ? ['tests/fixtures/plugins'] : []), ...extraDirectories],
  packages: [] as string[],
}

export default pluginsConfig
