import env from '#start/env'
import { configProvider } from '@adonisjs/core'
import { defineConfig, stores } from '@adonisjs/lock'

/**
 * Locks keep each scheduled job to one instance. The database store (table
 * `locks`) needs no extra server and works across processes sharing the
 * database; LOCK_STORE=redis uses Redis (REDIS_HOST/REDIS_PORT/REDIS_PASSWORD)
 * when many processes run behind a load balancer. See docs/deployment.md.
 */
const redisStore = configProvider.create(async () => {
  const { Redis } = await import('ioredis')
  const { redisStore: store } = await import('@verrou/core/drivers/redis')
  const connection = new Redis({
    host: env.get('REDIS_HOST', '127.0.0.1'),
    port: env.get('REDIS_PORT', 6379),
    password: env.get('REDIS_PASSWORD') || undefined,
    keyPrefix: 'loom:',
  })
  return { driver: store({ connection }) }
})

const lockConfig = defineConfig({
  default: env.get('LOCK_STORE', 'database'),
  stores: {
    database: stores.database({ tableName: 'locks' }),
    memory: stores.memory(),
    // The lock manager resolves every store when it is created: the Redis store
    // is only declared when it is the one in use, so nothing connects to Redis otherwise.
    ...(env.get('LOCK_STORE') === 'redis' ? { redis: redisStore } : {}),
  } as { database: typeof redisStore; memory: typeof redisStore; redis?: typeof redisStore },
})

export default lockConfig

declare module '@adonisjs/lock/types' {
  export interface LockStoresList extends InferLockStores<typeof lockConfig> {}
}
import type { InferLockStores } from '@adonisjs/lock/types'
