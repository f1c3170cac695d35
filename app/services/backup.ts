/*
 * Consistent backups and restores of Loom's database.
 *
 * - SQLite: SQLite's online backup API (better-sqlite3 `backup()`), safe while
 *   Loom runs; restore copies every table of the backup into the live
 *   database inside one transaction (ATTACH + CREATE + INSERT … SELECT), so
 *   a failure leaves the database as it was.
 * - PostgreSQL: `pg_dump --format=custom`; restore feeds the archive through
 *   `pg_restore` into `psql --single-transaction` after dropping the public
 *   schema in that same transaction (DDL is transactional in PostgreSQL).
 *
 * - PostgreSQL without the client tools (or `--format json`): a portable,
 *   gzipped JSON dump of every table's rows (values as PostgreSQL text, so
 *   nothing is rounded), restored into the same schema in one transaction.
 *
 * Both refuse a missing file, or a file that is not a backup of that kind,
 * before touching anything. See docs/decisions/005-jobs-settings-backup.md.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, openSync, readSync, closeSync, statSync, readFileSync, writeFileSync } from 'node:fs'
import { gzipSync, gunzipSync } from 'node:zlib'
import { dirname, resolve } from 'node:path'
import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'

export class BackupError extends Error {}

export type Dialect = 'sqlite' | 'pg'

export function currentDialect(): Dialect {
  return db.connection().dialect.name === 'postgres' ? 'pg' : 'sqlite'
}

export function defaultBackupPath(dialect: Dialect = currentDialect()) {
  const stamp = DateTime.now().toFormat('yyyyLLdd-HHmmss')
  return app.tmpPath('backups', `loom-${stamp}.${dialect === 'pg' ? 'dump' : 'sqlite'}`)
}

function pgEnv() {
  const config: any = db.getRawConnection(db.primaryConnectionName)!.config.connection
  return {
    ...process.env,
    PGHOST: String(config.host ?? '127.0.0.1'),
    PGPORT: String(config.port ?? 5432),
    PGUSER: String(config.user ?? 'postgres'),
    PGPASSWORD: String(config.password ?? ''),
    PGDATABASE: String(config.database),
  }
}

function has(binary: string) {
  return spawnSync(binary, ['--version'], { stdio: 'ignore' }).status === 0
}

function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((done, fail) => {
    const child = spawn(command, args, { env: options.env, stdio: ['pipe', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (c) => out.push(c))
    child.stderr.on('data', (c) => err.push(c))
    child.on('error', fail)
    child.on('close', (code) => done({ code: code ?? 1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }))
    child.stdin.on('error', () => {})
    child.stdin.end(options.input ?? '')
  })
}

async function withRawSqlite<T>(fn: (conn: any) => Promise<T> | T): Promise<T> {
  const client = (db.connection().getWriteClient() as any).client
  const conn = await client.acquireConnection()
  try {
    return await fn(conn)
  } finally {
    await client.releaseConnection(conn)
  }
}

export type BackupFormat = 'native' | 'json'

/* ------------------------------------------------------------------ */
/* Portable JSON dump (PostgreSQL)                                      */
/* ------------------------------------------------------------------ */

const JSON_MAGIC = 'loom-json-backup'

/** Tables of the public schema, parents before the tables that reference them. */
async function pgTablesInFkOrder(client: any): Promise<string[]> {
  const tables: string[] = (
    await client.rawQuery(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)
  ).rows.map((r: any) => r.tablename)
  const edges: Array<{ child: string; parent: string }> = (
    await client.rawQuery(`
      SELECT c.relname AS child, p.relname AS parent
      FROM pg_constraint k
      JOIN pg_class c ON c.oid = k.conrelid
      JOIN pg_class p ON p.oid = k.confrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE k.contype = 'f' AND n.nspname = 'public'`)
  ).rows
  const order: string[] = []
  const visiting = new Set<string>()
  const visit = (table: string) => {
    if (order.includes(table) || visiting.has(table)) return
    visiting.add(table)
    for (const e of edges) if (e.child === table && e.parent !== table) visit(e.parent)
    visiting.delete(table)
    order.push(table)
  }
  tables.forEach(visit)
  return order
}

async function pgColumns(client: any, table: string): Promise<string[]> {
  const result = await client.rawQuery(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ? ORDER BY ordinal_position`,
    [table]
  )
  return result.rows.map((r: any) => r.column_name)
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`

async function backupPgJson(file: string) {
  const dump: any = { format: JSON_MAGIC, version: 1, dialect: 'pg', createdAt: new Date().toISOString(), tables: [] }
  // One REPEATABLE READ transaction: every table is read from the same snapshot.
  await db.transaction(
    async (trx) => {
      for (const table of await pgTablesInFkOrder(trx)) {
        const columns = await pgColumns(trx, table)
        const select = columns.map((c) => `${quote(c)}::text AS ${quote(c)}`).join(', ')
        const rows = (await trx.rawQuery(`SELECT ${select} FROM ${quote(table)} ORDER BY 1`)).rows
        dump.tables.push({ name: table, columns, rows: rows.map((r: any) => columns.map((c) => r[c])) })
      }
    },
    { isolationLevel: 'repeatable read' }
  )
  writeFileSync(file, gzipSync(JSON.stringify(dump)))
}

function readJsonBackup(file: string): any {
  let dump: any
  try {
    dump = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'))
  } catch (error) {
    throw new BackupError(`${file} is a damaged JSON backup: ${(error as Error).message}`)
  }
  if (!dump || dump.format !== JSON_MAGIC || !Array.isArray(dump.tables)) {
    throw new BackupError(`${file} is not a Loom JSON backup`)
  }
  if (!dump.tables.some((t: any) => t.name === 'adonis_schema')) throw new BackupError(`${file} is not a Loom backup (no adonis_schema table)`)
  return dump
}

async function restorePgJson(file: string) {
  const dump = readJsonBackup(file)
  const live = (await db.from('adonis_schema').select('name')).map((r) => r.name).sort()
  const saved = dump.tables.find((t: any) => t.name === 'adonis_schema')
  const nameAt = saved.columns.indexOf('name')
  const wanted = saved.rows.map((r: any[]) => r[nameAt]).sort()
  const missing = wanted.filter((m: string) => !live.includes(m))
  const extra = live.filter((m: string) => !wanted.includes(m))
  if (missing.length || extra.length) {
    throw new BackupError(
      `The database's schema differs from the backup's (missing migrations: ${missing.join(', ') || 'none'}; ` +
        `migrations the backup lacks: ${extra.join(', ') || 'none'}). Bring the database to the backup's plugins and version first.`
    )
  }
  await db.transaction(async (trx) => {
    const tables: string[] = dump.tables.map((t: any) => t.name)
    await trx.rawQuery(`TRUNCATE ${tables.map(quote).join(', ')} RESTART IDENTITY CASCADE`)
    for (const table of dump.tables) {
      const cols = table.columns.map(quote).join(', ')
      for (let i = 0; i < table.rows.length; i += 500) {
        const chunk = table.rows.slice(i, i + 500)
        const placeholders = chunk.map((row: any[]) => `(${row.map(() => '?').join(', ')})`).join(', ')
        await trx.rawQuery(`INSERT INTO ${quote(table.name)} (${cols}) VALUES ${placeholders}`, chunk.flat())
      }
      // Serial columns continue after the restored rows.
      for (const column of table.columns) {
        const seq = (await trx.rawQuery(`SELECT pg_get_serial_sequence(?, ?) AS seq`, [quote(table.name), column])).rows[0]?.seq
        if (seq) {
          await trx.rawQuery(`SELECT setval(?, COALESCE((SELECT MAX(${quote(column)}) FROM ${quote(table.name)}), 0) + 1, false)`, [seq])
        }
      }
    }
  })
}

/**
 * Writes a consistent copy of the database to `output` (or tmp/backups/…) and
 * returns its path. `json` (PostgreSQL only) is also used when pg_dump is missing.
 */
export async function backupDatabase(output?: string, options: { format?: BackupFormat } = {}): Promise<string> {
  const dialect = currentDialect()
  const useJson = dialect === 'pg' && (options.format === 'json' || !has('pg_dump'))
  if (options.format === 'json' && dialect !== 'pg') {
    throw new BackupError('The JSON format is for PostgreSQL; SQLite backups are SQLite files')
  }
  const file = resolve(output || (useJson ? defaultBackupPath(dialect).replace(/\.dump$/, '.json.gz') : defaultBackupPath(dialect)))
  mkdirSync(dirname(file), { recursive: true })
  if (useJson) {
    await backupPgJson(file)
    return file
  }
  if (dialect === 'sqlite') {
    await withRawSqlite((conn) => conn.backup(file))
    return file
  }
  if (!has('pg_dump')) {
    throw new BackupError('pg_dump was not found on this machine: install the PostgreSQL client tools (e.g. apt-get install postgresql-client)')
  }
  const result = await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', '--schema=public', '--file', file], { env: pgEnv() })
  if (result.code !== 0) throw new BackupError(`pg_dump failed: ${result.stderr.trim()}`)
  return file
}

function checkFile(file: string) {
  if (!file) throw new BackupError('Name the backup file to restore')
  if (!existsSync(file) || !statSync(file).isFile()) throw new BackupError(`Backup file not found: ${file}`)
  if (statSync(file).size === 0) throw new BackupError(`Backup file is empty: ${file}`)
}

function readHeader(file: string, length: number) {
  const fd = openSync(file, 'r')
  try {
    const buffer = Buffer.alloc(length)
    const read = readSync(fd, buffer, 0, length, 0)
    return buffer.subarray(0, read)
  } finally {
    closeSync(fd)
  }
}

async function verifySqliteBackup(file: string) {
  if (readHeader(file, 16).toString('latin1') !== 'SQLite format 3\u0000') {
    throw new BackupError(`${file} is not a SQLite backup of Loom (corrupt, or a file of another kind)`)
  }
  // better-sqlite3 ships no type declarations (Lucid's SQLite driver).
  const moduleName = 'better-sqlite3'
  const { default: Database } = (await import(moduleName)) as { default: any }
  let source: any
  try {
    source = new Database(file, { readonly: true, fileMustExist: true })
    const check = source.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new BackupError(`${file} is corrupt: ${check}`)
    const schema = source.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'adonis_schema'`).get()
    if (!schema) throw new BackupError(`${file} is a SQLite database but not a Loom backup (no adonis_schema table)`)
  } catch (error) {
    if (error instanceof BackupError) throw error
    throw new BackupError(`${file} cannot be read as a SQLite backup: ${(error as Error).message}`)
  } finally {
    source?.close()
  }
}

async function restoreSqlite(file: string) {
  await verifySqliteBackup(file)
  await withRawSqlite((conn) => {
    conn.pragma('foreign_keys = OFF')
    conn.prepare('ATTACH DATABASE ? AS backup_src').run(file)
    try {
      const restore = conn.transaction(() => {
        const liveTables = conn
          .prepare(`SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
          .all() as Array<{ name: string }>
        for (const { name } of conn.prepare(`SELECT name FROM main.sqlite_master WHERE type = 'view'`).all() as any[]) {
          conn.exec(`DROP VIEW main."${name}"`)
        }
        for (const { name } of liveTables) conn.exec(`DROP TABLE main."${name}"`)
        const objects = conn
          .prepare(`SELECT type, name, sql FROM backup_src.sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END`)
          .all() as Array<{ type: string; name: string; sql: string }>
        for (const object of objects) {
          conn.exec(object.sql)
          if (object.type === 'table') conn.exec(`INSERT INTO main."${object.name}" SELECT * FROM backup_src."${object.name}"`)
        }
        const hasSequence = conn.prepare(`SELECT 1 FROM backup_src.sqlite_master WHERE name = 'sqlite_sequence'`).get()
        if (hasSequence) {
          conn.exec('DELETE FROM main.sqlite_sequence')
          conn.exec('INSERT INTO main.sqlite_sequence SELECT * FROM backup_src.sqlite_sequence')
        }
        const broken = conn.prepare('PRAGMA main.foreign_key_check').all()
        if (broken.length) throw new BackupError(`The backup breaks ${broken.length} foreign key(s); nothing was restored`)
      })
      restore()
    } finally {
      conn.prepare('DETACH DATABASE backup_src').run()
      conn.pragma('foreign_keys = ON')
    }
  })
}

async function restorePg(file: string) {
  if (readHeader(file, 2).equals(Buffer.from([0x1f, 0x8b]))) return restorePgJson(file)
  if (!has('pg_restore') || !has('psql')) {
    throw new BackupError('pg_restore and psql were not found on this machine: install the PostgreSQL client tools')
  }
  if (readHeader(file, 5).toString('latin1') !== 'PGDMP') {
    throw new BackupError(`${file} is not a pg_dump archive of Loom (corrupt, or a file of another kind)`)
  }
  const env = pgEnv()
  const listing = await run('pg_restore', ['--list', file], { env })
  if (listing.code !== 0) throw new BackupError(`${file} is a damaged pg_dump archive: ${listing.stderr.trim()}`)
  if (!/TABLE public adonis_schema\b/.test(listing.stdout)) {
    throw new BackupError(`${file} is a pg_dump archive but not a Loom backup (no adonis_schema table)`)
  }
  const sql = await run('pg_restore', ['--no-owner', '--no-privileges', '--file', '-', file], { env })
  if (sql.code !== 0) throw new BackupError(`pg_restore could not read ${file}: ${sql.stderr.trim()}`)
  // Replace the whole public schema in the same transaction as the restore.
  const script =
    'DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n' +
    sql.stdout.replace(/^CREATE SCHEMA public;$/m, '-- public schema created above')
  const result = await run('psql', ['--no-psqlrc', '--quiet', '--single-transaction', '-v', 'ON_ERROR_STOP=1', '-f', '-'], { env, input: script })
  if (result.code !== 0) throw new BackupError(`The restore failed and was rolled back: ${result.stderr.trim()}`)
}

/** Replaces the database's contents with the backup in `file`. Refuses a missing or invalid file. */
export async function restoreDatabase(file: string): Promise<void> {
  checkFile(file)
  const path = resolve(file)
  if (currentDialect() === 'sqlite') await restoreSqlite(path)
  else await restorePg(path)
  const { loadPluginStates } = await import('#kernel/plugins/plugin_states')
  await loadPluginStates()
}
