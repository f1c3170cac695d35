/*
 * Procurement's pages, under /procurement; each area adds its routes in routes/.
 */
import type { Router } from '@adonisjs/core/http'
import suppliersRoutes from './routes/suppliers.js'
import buyingRoutes from './routes/buying.js'
import receivingRoutes from './routes/receiving.js'

export default (router: Router) => {
  suppliersRoutes(router)
  buyingRoutes(router)
  receivingRoutes(router)
}
