/*
 * Master data pages: items, categories, units, warehouses and locations.
 */
import type { Router } from '@adonisjs/core/http'

export default (_router: Router) => {}
