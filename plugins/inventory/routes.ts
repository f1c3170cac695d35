/*
 * Inventory's pages, under /inventory; each area adds its routes in routes/.
 */
import type { Router } from '@adonisjs/core/http'
import masterRoutes from './routes/master.js'
import documentRoutes from './routes/documents.js'
import countsRoutes from './routes/counts.js'
import reportsRoutes from './routes/reports.js'

export default (router: Router) => {
  masterRoutes(router)
  documentRoutes(router)
  countsRoutes(router)
  reportsRoutes(router)
}
