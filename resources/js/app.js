/*
 * Loom's browser runtime: htmx for server round-trips, Alpine for local UI
 * state. Every htmx request carries the CSRF token from the page's meta tag;
 * 422 answers (a form with validation messages) are swapped like 200s.
 */
import htmx from 'htmx.org'
import Alpine from 'alpinejs'
import conditionsEditor from './conditions_editor.js'
import approvalSteps from './approval_steps.js'

window.htmx = htmx

document.addEventListener('htmx:configRequest', (event) => {
  const token = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content')
  if (token) event.detail.headers['X-CSRF-TOKEN'] = token
  // A list's search form sends every filter; empty ones would only clutter the pushed URL.
  const data = event.detail.formData
  if (event.detail.verb === 'get' && data) {
    for (const [key, value] of [...data.entries()]) if (value === '') data.delete(key)
  }
})

htmx.config.responseHandling = [
  { code: '204', swap: false },
  { code: '[23]..', swap: true },
  { code: '422', swap: true, error: false },
  { code: '[45]..', swap: false, error: true },
]

// A failed htmx request shows a toast: the server's short text (403/404 answer one in the
// user's language), or the layout's generic message when the answer is an HTML page.
document.addEventListener('htmx:responseError', (event) => {
  const text = (event.detail.xhr.responseText || '').trim()
  const generic = document.querySelector('[data-request-failed]')?.dataset.requestFailed || event.detail.xhr.statusText
  const message = text && !text.startsWith('<') ? text.slice(0, 300) : generic
  window.dispatchEvent(new CustomEvent('loom:toast', { detail: { kind: 'error', message } }))
})

/*
 * components/list: counts the ticked rows for the bulk action bar, ticks
 * every row from the header box, and forgets the selection when the table
 * fragment is replaced (search, sort, page).
 */
Alpine.data('loomList', () => ({
  count: 0,
  labelTemplate: '',
  init() {
    this.labelTemplate = this.$root.querySelector('[data-label]')?.dataset.label || '__COUNT__'
    this.$root.addEventListener('change', (event) => {
      if (event.target.matches('[data-list-select-all]')) {
        for (const box of this.boxes()) box.checked = event.target.checked
      }
      this.recount()
    })
    this.$root.addEventListener('htmx:afterSettle', () => this.recount())
    this.recount()
  },
  boxes() {
    return [...this.$root.querySelectorAll('input[data-list-select]')]
  },
  recount() {
    const boxes = this.boxes()
    this.count = boxes.filter((b) => b.checked).length
    const all = this.$root.querySelector('[data-list-select-all]')
    if (all) {
      all.checked = boxes.length > 0 && this.count === boxes.length
      all.indeterminate = this.count > 0 && this.count < boxes.length
    }
  },
  clear() {
    for (const box of this.boxes()) box.checked = false
    this.recount()
  },
  get selectedLabel() {
    return this.labelTemplate.replace('__COUNT__', String(this.count))
  },
}))

/* components/toasts: a stack of messages that dismiss themselves after a few seconds. */
Alpine.data('loomToasts', () => ({
  items: [],
  next: 1,
  push(detail) {
    const item = { id: this.next++, kind: detail?.kind || 'success', message: String(detail?.message ?? '') }
    if (!item.message) return
    this.items.push(item)
    setTimeout(() => this.dismiss(item.id), item.kind === 'error' ? 8000 : 4000)
  },
  dismiss(id) {
    this.items = this.items.filter((i) => i.id !== id)
  },
}))

Alpine.data('loomConditions', conditionsEditor)
Alpine.data('loomApprovalSteps', approvalSteps)

window.Alpine = Alpine
Alpine.start()
