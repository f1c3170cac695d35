/*
 * Shared helpers of the benchmarks: statistics, machine description, results.
 */
import { cpus, totalmem } from 'node:os'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export function percentile(values, p) {
  if (!values.length) return null
  const sorted = [...values].sort((a, b) => a - b)
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[index]
}

export function median(values) {
  const list = values.filter((v) => v !== null && v !== undefined).sort((a, b) => a - b)
  if (!list.length) return null
  const mid = list.length >> 1
  return list.length % 2 ? list[mid] : (list[mid - 1] + list[mid]) / 2
}
export const round = (value, digits = 1) => (value === null || value === undefined ? null : Math.round(value * 10 ** digits) / 10 ** digits)

export function machine() {
  const list = cpus()
  return {
    cores: list.length,
    cpu: list[0]?.model ?? 'unknown',
    memoryMb: Math.round(totalmem() / 2 ** 20),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    database: process.env.DB_CONNECTION === 'pg' ? 'pg' : 'sqlite',
  }
}

/** Writes bench/results/<name>.json and returns the path. */
export function writeResult(name, result) {
  const dir = join(process.cwd(), 'bench', 'results')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `${name}.json`)
  writeFileSync(file, JSON.stringify({ benchmark: name, at: new Date().toISOString(), machine: machine(), ...result }, null, 2) + '\n')
  return file
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
