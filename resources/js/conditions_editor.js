/*
 * components/conditions_editor: rows of field / operator / value (or another
 * field), added and removed in the browser. The page renders the editor's
 * fields, rows and messages as JSON in a <script type="application/json">
 * (see app/records/conditions_form.ts); inputs are named
 * `<name>[rows][<i>][field|op|mode|value|values][]|value_field]`, renumbered
 * as rows come and go, so the server reads them in order.
 */
const NO_VALUE = ['empty', 'not_empty']
const LIST = ['in', 'not_in']

export default () => ({
  name: 'conditions',
  fields: [],
  rows: [],
  errors: {},
  next: 1,
  init() {
    const config = JSON.parse(this.$root.querySelector('script[data-conditions-config]')?.textContent || '{}')
    this.name = config.name || 'conditions'
    this.fields = config.fields || []
    this.errors = config.errors || {}
    this.rows = (config.rows || []).map((row) => this.fresh(row))
  },
  fresh(row = {}) {
    return { key: this.next++, field: '', op: '', mode: 'value', value: '', values: [], value_field: '', ...row }
  },
  fieldOf(row) {
    return this.fields.find((f) => f.name === row.field) || null
  },
  operatorsOf(row) {
    return this.fieldOf(row)?.operators || []
  },
  optionsOf(row) {
    return this.fieldOf(row)?.options || null
  },
  comparableOf(row) {
    const names = this.fieldOf(row)?.comparable || []
    return this.fields.filter((f) => names.includes(f.name))
  },
  needsValue(row) {
    return row.field !== '' && !NO_VALUE.includes(row.op)
  },
  canCompareFields(row) {
    return this.needsValue(row) && !LIST.includes(row.op) && row.op !== 'contains' && this.comparableOf(row).length > 0
  },
  isList(row) {
    return LIST.includes(row.op)
  },
  isNumeric(row) {
    return ['number', 'money', 'quantity'].includes(this.fieldOf(row)?.kind)
  },
  inputName(i, part) {
    return `${this.name}[rows][${i}][${part}]`
  },
  messages(i, part) {
    return [].concat(this.errors[`${this.name}.rows.${i}.${part}`] || [])
  },
  changedField(row) {
    const ops = this.operatorsOf(row).map((o) => o.value)
    if (!ops.includes(row.op)) row.op = ops[0] || ''
    row.mode = 'value'
    row.value = ''
    row.values = []
    row.value_field = ''
  },
  changedOp(row) {
    if (!this.canCompareFields(row)) row.mode = 'value'
  },
  add() {
    const first = this.fields[0]
    const row = this.fresh({ field: first?.name || '', op: first?.operators?.[0]?.value || '' })
    this.rows.push(row)
    this.errors = {}
  },
  remove(index) {
    this.rows.splice(index, 1)
    // messages are keyed by row number, which just changed
    this.errors = {}
  },
})
