/*
 * Procurement's pages, under /procurement; each area adds its routes in routes/.
 */
import type { Router } from '@adonisjs/core/http'

export default (_router: Router) => {}
