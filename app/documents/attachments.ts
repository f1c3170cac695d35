/*
 * Attachments of any record, stored through @adonisjs/drive (local disk by
 * default, S3-compatible when configured) under attachments/<type>/<id>/.
 */
import { randomUUID } from 'node:crypto'
import drive from '@adonisjs/drive/services/main'
import db from '@adonisjs/lucid/services/db'
import type { MultipartFile } from '@adonisjs/core/bodyparser'
import { toDateTime } from './db_dates.js'

export const ATTACHMENT_MAX_SIZE = '10MB'
export const ATTACHMENT_EXTNAMES = ['pdf', 'png', 'jpg', 'jpeg', 'gif', 'webp', 'txt', 'csv', 'xlsx', 'xls', 'docx', 'doc', 'pptx', 'zip']
/** Types a browser may show inline; anything else downloads as application/octet-stream. */
const SAFE_INLINE = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'text/plain', 'text/csv'])

export interface AttachmentRow {
  id: number
  record_type: string
  record_id: string
  file_name: string
  mime_type: string
  size: number
  disk_key: string
  uploaded_by: number | null
  created_at: any
}

export async function storeAttachment(values: { recordType: string; recordId: string | number; file: MultipartFile; userId: number | null }) {
  const ext = (values.file.extname ?? 'bin').toLowerCase().replace(/[^a-z0-9]/g, '')
  const key = `attachments/${values.recordType.replace(/[^a-z0-9_.-]/gi, '_')}/${values.recordId}/${randomUUID()}.${ext}`
  // Drive 3.1's provider does not install MultipartFile.moveToDisk, so move through the disk itself.
  if (!values.file.tmpPath) throw new Error('The upload has no temporary file')
  await drive.use().moveFromFs(values.file.tmpPath, key)
  const mime = values.file.type && values.file.subtype ? `${values.file.type}/${values.file.subtype}` : 'application/octet-stream'
  try {
    const [row] = await db
      .insertQuery()
      .table('attachments')
      .insert({
        record_type: values.recordType,
        record_id: String(values.recordId),
        // Keep only the base name a person gave the file; never a path.
        file_name: values.file.clientName.split(/[\\/]/).pop()!.slice(0, 255) || `file.${ext}`,
        mime_type: mime.slice(0, 120),
        size: values.file.size,
        disk_key: key,
        uploaded_by: values.userId,
        created_at: new Date(),
      })
      .returning('id')
    return typeof row === 'object' ? row.id : row
  } catch (error) {
    // No row, no file: nothing half-written.
    await drive.use().delete(key).catch(() => {})
    throw error
  }
}

export async function attachmentsOf(recordType: string, recordId: string | number) {
  const rows = await db
    .from('attachments')
    .leftJoin('users', 'users.id', 'attachments.uploaded_by')
    .where({ 'attachments.record_type': recordType, 'attachments.record_id': String(recordId) })
    .select('attachments.*', 'users.name as uploader_name')
    .orderBy('attachments.id', 'desc')
  return rows.map((r) => ({ ...r, size: Number(r.size), created_at: toDateTime(r.created_at) }))
}

export async function findAttachment(id: string | number): Promise<AttachmentRow | null> {
  if (!/^\d+$/.test(String(id))) return null
  return (await db.from('attachments').where('id', Number(id)).first()) ?? null
}

/** Content type to send: the detected one when a browser may render it safely, else a plain download. */
export function downloadContentType(mime: string) {
  return SAFE_INLINE.has(mime) ? mime : 'application/octet-stream'
}

/** "12.3 KB" */
export function humanSize(bytes: number) {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(Math.round((bytes / 1024) * 10) / 10).toString()} KB`
  return `${(Math.round((bytes / 1024 / 1024) * 10) / 10).toString()} MB`
}
