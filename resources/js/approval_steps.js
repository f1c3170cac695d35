/*
 * Approval flow form (pages/admin/approvals/form): the chain of steps, added,
 * removed and reordered in the browser. The page renders the steps, roles,
 * users and messages as JSON in <script type="application/json" data-steps-config>;
 * inputs are named steps[<i>][approver|role_id|user_id|mode], renumbered as
 * steps move.
 */
export default () => ({
  steps: [],
  errors: {},
  next: 1,
  init() {
    const config = JSON.parse(this.$root.querySelector('script[data-steps-config]')?.textContent || '{}')
    this.errors = config.errors || {}
    this.steps = (config.steps || []).map((s) => this.fresh(s))
    if (this.steps.length === 0) this.add()
  },
  fresh(step = {}) {
    return { key: this.next++, approver: 'role', role_id: '', user_id: '', mode: 'any', ...step }
  },
  inputName(i, part) {
    return `steps[${i}][${part}]`
  },
  messages(i, part) {
    return [].concat(this.errors[`steps.${i}.${part}`] || [])
  },
  add() {
    this.steps.push(this.fresh())
    this.errors = {}
  },
  remove(i) {
    this.steps.splice(i, 1)
    this.errors = {}
  },
  move(i, delta) {
    const j = i + delta
    if (j < 0 || j >= this.steps.length) return
    const [step] = this.steps.splice(i, 1)
    this.steps.splice(j, 0, step)
    this.errors = {}
  },
})
