/* The `model:` loader of inventory.scrap (approvals and the REST API move it through transition()). */
export { Scrap as default } from './stock_document.js'
