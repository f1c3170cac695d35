/*
 * Where Loom finds plugins: every folder under `directories` that holds a
 * plugin.ts, plus the npm packages (named loom-plugin-*) listed in `packages`.
 */
const pluginsConfig = {
  directories: ['plugins'],
  packages: [] as string[],
}

export default pluginsConfig
