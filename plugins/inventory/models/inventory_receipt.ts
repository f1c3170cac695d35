/* The `model:` loader of inventory.receipt (approvals and the REST API move it through transition()). */
export { Receipt as default } from './stock_document.js'
