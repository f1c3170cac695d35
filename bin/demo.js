#!/usr/bin/env node
/*
 * `npm start`: the demo on the embedded SQLite database. Builds the assets
 * when missing or older than their sources, migrates tmp/loom.sqlite and loads the demo company on first
 * start, then serves http://localhost:3333 and prints the demo logins.
 */
import { spawnSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const node = process.execPath
const run = (args, env = {}) => {
  const result = spawnSync(node, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

/** Newest modification time under the given files and folders (Tailwind reads classes from the views). */
function newest(paths) {
  let latest = 0
  for (const path of paths) {
    if (!existsSync(path)) continue
    const stat = statSync(path)
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) latest = Math.max(latest, newest([join(path, entry)]))
    } else {
      latest = Math.max(latest, stat.mtimeMs)
    }
  }
  return latest
}

mkdirSync('tmp', { recursive: true })
const manifest = 'public/assets/.vite/manifest.json'
const sources = ['resources/css', 'resources/js', 'resources/views', 'plugins', 'vite.config.ts', 'package-lock.json']
if (!existsSync(manifest) || newest(sources) > statSync(manifest).mtimeMs) {
  console.log(existsSync(manifest) ? 'Rebuilding assets (sources changed)…' : 'Building assets (first start)…')
  run(['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'])
}
run(['ace', 'loom:setup', '--demo'], { LOOM_SCHEDULER: 'off' })

const port = process.env.PORT || '3333'
const DEMO_PASSWORD = 'loom-demo'
console.log(`
Loom is starting on http://localhost:${port}
Demo logins (password ${DEMO_PASSWORD}):
  admin (系统管理员)  gm (总经理)  director (销售总监)  sales1, sales2 (销售代表)
  planner (计划员)  storekeeper (仓管员)  buyer (采购员)  accountant (会计)  service (客服)
`)
const server = spawn(node, ['--import=ts-node-maintained/register/esm', 'bin/server.ts'], {
  stdio: 'inherit',
  env: { NODE_ENV: 'production', PORT: port, HOST: process.env.HOST || '0.0.0.0', LOG_LEVEL: 'warn', ...process.env },
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal))
server.on('exit', (code) => process.exit(code ?? 0))
