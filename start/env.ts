/*
|--------------------------------------------------------------------------
| Environment variables
|--------------------------------------------------------------------------
| Validated at boot. Everything has a default that runs the demo on the
| embedded SQLite database; production sets DB_CONNECTION=pg and PG_*.
*/
import { Env } from '@adonisjs/core/env'

export default await Env.create(new URL('../', import.meta.url), {
  NODE_ENV: Env.schema.enum.optional(['development', 'production', 'test'] as const),
  PORT: Env.schema.number.optional(),
  HOST: Env.schema.string.optional({ format: 'host' }),
  APP_KEY: Env.schema.string.optional(),
  APP_URL: Env.schema.string.optional(),
  LOG_LEVEL: Env.schema.string.optional(),

  SESSION_DRIVER: Env.schema.enum.optional(['cookie', 'memory'] as const),

  DB_CONNECTION: Env.schema.enum.optional(['sqlite', 'pg'] as const),
  SQLITE_PATH: Env.schema.string.optional(),
  PG_HOST: Env.schema.string.optional({ format: 'host' }),
  PG_PORT: Env.schema.number.optional(),
  PG_USER: Env.schema.string.optional(),
  PG_PASSWORD: Env.schema.string.optional(),
  PG_DB_NAME: Env.schema.string.optional(),

  REDIS_HOST: Env.schema.string.optional({ format: 'host' }),
  REDIS_PORT: Env.schema.number.optional(),
  REDIS_PASSWORD: Env.schema.string.optional(),

  DRIVE_DISK: Env.schema.enum.optional(['fs'] as const),
  PUPPETEER_EXECUTABLE_PATH: Env.schema.string.optional(),
  LOOM_SCHEDULER: Env.schema.enum.optional(['inline', 'off'] as const),
  LOCK_STORE: Env.schema.enum.optional(['database', 'redis', 'memory'] as const),

  // Notification e-mail (read at send time by app/notifications/mail.ts; unset SMTP_HOST = no e-mail)
  SMTP_HOST: Env.schema.string.optional(),
  SMTP_PORT: Env.schema.number.optional(),
  SMTP_USER: Env.schema.string.optional(),
  SMTP_PASSWORD: Env.schema.string.optional(),
  MAIL_FROM: Env.schema.string.optional(),
})
