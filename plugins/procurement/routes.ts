/*
 * Procurement's pages, under /procurement; each area adds its routes in routes/.
 */
import type { Router } from '@adonisjs/core/http'
import receivingRoutes from './routes/receiving.js'

export default (router: Router) => {
  receivingRoutes(router)
}
