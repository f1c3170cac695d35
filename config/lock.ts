import { defineConfig, stores } from '@adonisjs/lock'

/**
 * Locks keep scheduled jobs to one instance. The database store needs no
 * extra server; set REDIS_HOST to use Redis instead when running many processes.
 */
const lockConfig = defineConfig({
  default: 'database',
  stores: {
    database: stores.database({ tableName: 'locks' }),
    memory: stores.memory(),
  },
})

export default lockConfig

declare module '@adonisjs/lock/types' {
  export interface LockStoresList extends InferLockStores<typeof lockConfig> {}
}
import type { InferLockStores } from '@adonisjs/lock/types'
