/* The `model:` loader of inventory.issue (approvals and the REST API move it through transition()). */
export { Issue as default } from './stock_document.js'
