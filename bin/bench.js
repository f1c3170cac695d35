#!/usr/bin/env node
/*
 * `npm run bench [-- <name> ...]`: runs the benchmarks of bench/ (all, or
 * those named), each in its own process, then prints one summary table from
 * bench/results/<name>.json. See bench/README.md.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { cpus } from 'node:os'

const BENCHMARKS = {
  startup: { args: ['bench/startup.js'] },
  pdf: { args: ['--import=ts-node-maintained/register/esm', 'bench/pdf.ts'] },
  custom_fields: { args: ['--import=ts-node-maintained/register/esm', 'bench/custom_fields.ts'] },
  import: { args: ['--import=ts-node-maintained/register/esm', 'bench/import.ts'] },
  revaluation: { args: ['--import=ts-node-maintained/register/esm', 'bench/revaluation.ts'] },
  stock_post: { args: ['--import=ts-node-maintained/register/esm', 'bench/stock_post.ts'] },
}

const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'))
const unknown = asked.filter((name) => !BENCHMARKS[name])
if (unknown.length) {
  console.error(`Unknown benchmark: ${unknown.join(', ')}. Available: ${Object.keys(BENCHMARKS).join(', ')}`)
  process.exit(1)
}
const names = asked.length ? asked : Object.keys(BENCHMARKS)

console.log(`Loom benchmarks on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), database ${process.env.DB_CONNECTION === 'pg' ? 'pg' : 'sqlite'}`)
const failed = []
for (const name of names) {
  console.log(`\n▶ ${name}`)
  const run = spawnSync(process.execPath, BENCHMARKS[name].args, { stdio: 'inherit', env: { ...process.env, NODE_ENV: process.env.NODE_ENV || 'production' } })
  if (run.status !== 0) failed.push(name)
}

const rows = []
for (const name of names) {
  const file = `bench/results/${name}.json`
  if (failed.includes(name) || !existsSync(file)) {
    rows.push([name, 'failed', '', '', ''])
    continue
  }
  const r = JSON.parse(readFileSync(file, 'utf8'))
  if (name === 'startup') {
    rows.push([name, `first page ${r.firstPageMedianMs} ms (${r.server})`, `bare node ${r.baseline.bareNodeMedianMs} ms`, `×${r.ratioToBareNode}; RSS ${r.rssIdleMb}/${r.rssAfterRequestsMb} MB`, r.meetsTargets ? 'yes' : 'NO'])
  } else if (name === 'import') {
    rows.push([name, `${r.import.rowsPerSecond} rows/s (${r.rows} rows; dry run ${r.dryRun.rowsPerSecond} rows/s)`, `raw insert ${r.baseline.rowsPerSecond} rows/s`, `${Math.round(r.ratioOfBaseline * 100)}% of raw; peak RSS ${r.peakRssDuringImportMb} MB (+${r.importGrowthMb})`, r.meetsTargets ? 'yes' : 'NO'])
  } else if (name === 'pdf') {
    rows.push([name, `p50 ${r.one.warmP50Ms} ms (cold ${r.one.coldFirstMs} ms)`, `direct p50 ${r.baseline.directP50Ms} ms`, `${Math.round(r.ratioOfDirect * 100)}% of direct; ${r.batch.loomDocsPerSecond} docs/s`, r.meetsTargets ? 'yes' : 'NO'])
  } else if (name === 'revaluation') {
    rows.push([name, `back-dated receipt ${r.backdatedReceiptMedianMs} ms (${r.laterMovesRestated} later moves)`, `in-memory recompute ${r.baseline.inMemoryRecomputeMedianMs} ms`, `×${r.ratioToBaseline}; consistent ${r.consistentAfterwards}`, r.meetsTargets ? 'yes' : 'NO'])
  } else if (name === 'stock_post') {
    rows.push([name, `${r.postMoves.movesPerSecond} moves/s through postMoves (${r.moves} moves)`, `raw insert ${r.baseline.movesPerSecond} moves/s`, `${Math.round(r.ratioOfBaseline * 100)}% of raw`, r.meetsTargets ? 'yes' : 'NO'])
  } else if (name === 'custom_fields') {
    rows.push([name, `worst page p50 ${r.worstP50Ms} ms on ${r.rows} rows`, 'hand-written SQL of each page', `×${r.worstRatio}; add field ${r.addFieldMs} ms`, r.meetsTargets ? 'yes' : 'NO'])
  }
}
const header = ['benchmark', 'result (median)', 'same-run baseline', 'ratio / extra', 'target met']
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)))
const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')
console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}`)
for (const row of rows) console.log(line(row))
console.log('\nResults: bench/results/<name>.json')
process.exit(failed.length ? 1 : 0)
