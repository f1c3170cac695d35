/* The `model:` loader of inventory.transfer (approvals and the REST API move it through transition()). */
export { Transfer as default } from './stock_document.js'
