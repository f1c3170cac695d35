#!/usr/bin/env node
/*
 * `npm test`: runs the Japa suites (all, or those named as arguments) and
 * ends with the plain line CI reads: `N passed, N failed[, N skipped]`.
 * Japa's own summary is printed after a clear-screen and differently worded,
 * so this wrapper reads it from the output and restates it.
 */
import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'

mkdirSync('tmp', { recursive: true })
// --no-assets: the application runs Vite in-process for tests; a second, separate Vite
// dev server would only compete with it for the HMR socket port.
const args = ['ace', 'test', '--no-assets', ...process.argv.slice(2)]
const child = spawn(process.execPath, args, {
  env: { ...process.env, NODE_ENV: 'test', FORCE_COLOR: '0' },
  stdio: ['ignore', 'pipe', 'pipe'],
})

let output = ''
const forward = (stream, target) =>
  stream.on('data', (chunk) => {
    const text = chunk.toString().replace(/\x1bc/g, '')
    output += text
    target.write(text)
  })
forward(child.stdout, process.stdout)
forward(child.stderr, process.stderr)

child.on('close', (code) => {
  const plain = output.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
  const lines = plain.split('\n').filter((l) => /^\s*Tests\s+/.test(l))
  const count = (line, word) => Number((line.match(new RegExp(`(\\d+) ${word}`)) || [0, 0])[1])
  let passed = 0, failed = 0, skipped = 0, todo = 0
  for (const line of lines) {
    passed += count(line, 'passed')
    failed += count(line, 'failed')
    skipped += count(line, 'skipped')
    todo += count(line, 'todo')
  }
  if (lines.length === 0 || (code !== 0 && failed === 0)) {
    // The runner died before reporting (boot error, crash): count it as a failure.
    failed += 1
    console.log(`\nThe test runner exited with code ${code} without a complete summary.`)
  }
  const skippedPart = skipped + todo > 0 ? `, ${skipped + todo} skipped` : ''
  console.log(`\n${passed} passed, ${failed} failed${skippedPart}`)
  process.exit(failed > 0 ? 1 : 0)
})
