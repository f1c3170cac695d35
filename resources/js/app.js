/*
 * Loom's browser runtime: htmx for server round-trips, Alpine for local UI
 * state. Every htmx request carries the CSRF token from the page's meta tag;
 * 422 answers (a form with validation messages) are swapped like 200s.
 */
import htmx from 'htmx.org'
import Alpine from 'alpinejs'

window.htmx = htmx

document.addEventListener('htmx:configRequest', (event) => {
  const token = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content')
  if (token) event.detail.headers['X-CSRF-TOKEN'] = token
})

htmx.config.responseHandling = [
  { code: '204', swap: false },
  { code: '[23]..', swap: true },
  { code: '422', swap: true, error: false },
  { code: '[45]..', swap: false, error: true },
]

document.addEventListener('htmx:responseError', (event) => {
  const message = event.detail.xhr.responseText || event.detail.xhr.statusText
  window.dispatchEvent(new CustomEvent('loom:toast', { detail: { kind: 'error', message: message.slice(0, 300) } }))
})

window.Alpine = Alpine
Alpine.start()
