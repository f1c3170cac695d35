import { test } from '@japa/runner'
import i18nManager from '@adonisjs/i18n/services/main'
import edge from 'edge.js'
import type { RecordFieldDeclaration } from '#kernel/plugins/define_plugin'
import { evaluateConditions } from '#kernel/records/conditions'
import { conditionEditorFields, editorRows, readConditionsForm } from '#kernel/records/conditions_form'

const L = (zh: string, en: string) => ({ 'zh-CN': zh, 'en': en })
const fields: RecordFieldDeclaration[] = [
  { name: 'title', kind: 'text', label: L('标题', 'Title') },
  { name: 'amount', kind: 'money', label: L('金额', 'Amount') },
  { name: 'discount', kind: 'number', label: L('折扣', 'Discount') },
  { name: 'max_discount', kind: 'number', label: L('折扣上限', 'Discount limit') },
  { name: 'grade', kind: 'select', label: L('等级', 'Grade'), options: ['A', 'B', 'C'].map((g) => ({ value: g, label: L(`${g}级`, `Grade ${g}`) })) },
  { name: 'vip', kind: 'boolean', label: L('重要', 'VIP') },
]

test.group('Condition editor form', () => {
  test('a posted editor becomes a condition group: literal, other field, option list; blank rows dropped', ({ assert }) => {
    const { group, errors } = readConditionsForm(
      {
        match: 'any',
        rows: [
          { field: 'amount', op: 'gt', mode: 'value', value: '500,000' },
          { field: '', op: 'eq', value: '' },
          { field: 'discount', op: 'gt', mode: 'field', value: '', value_field: 'max_discount' },
          { field: 'grade', op: 'in', mode: 'value', values: ['C', 'B'] },
        ],
      },
      fields,
      i18nManager.locale('en')
    )
    assert.deepEqual(errors, {})
    assert.deepEqual(group, {
      match: 'any',
      conditions: [
        { field: 'amount', op: 'gt', value: '500,000' },
        { field: 'discount', op: 'gt', valueField: 'max_discount' },
        { field: 'grade', op: 'in', value: ['C', 'B'] },
      ],
    })
    assert.isTrue(evaluateConditions(group, fields, { amount: '500000000001', discount: '1', max_discount: '2', grade: 'A' }))
    assert.isFalse(evaluateConditions(group, fields, { amount: '500000000000', discount: '1', max_discount: '2', grade: 'A' }))
    // the stored group edits back into the same rows
    assert.deepEqual(editorRows(group).map((r) => [r.field, r.op, r.mode, r.value_field]), [
      ['amount', 'gt', 'value', ''],
      ['discount', 'gt', 'field', 'max_discount'],
      ['grade', 'in', 'value', ''],
    ])
  })

  test('each problem lands on its input, naming the field by its label in the user language', ({ assert }) => {
    const posted = {
      match: 'all',
      rows: {
        0: { field: 'amount', op: 'gt', mode: 'value', value: 'lots' },
        1: { field: 'title', op: 'gt', value: 'x' },
        2: { field: 'nope', op: 'eq', value: '1' },
        3: { field: 'discount', op: 'gt', mode: 'field', value_field: 'title' },
        4: { field: 'grade', op: 'eq', mode: 'value', value: 'Z' },
      },
    }
    const en = readConditionsForm(posted, fields, i18nManager.locale('en')).errors
    assert.deepEqual(Object.keys(en).sort(), ['conditions.rows.0.value', 'conditions.rows.1.op', 'conditions.rows.2.field', 'conditions.rows.3.value_field', 'conditions.rows.4.value'])
    assert.match(en['conditions.rows.0.value'][0], /^The value for "Amount" is not valid/)
    assert.equal(en['conditions.rows.1.op'][0], 'The operator "is greater than" does not apply to the field "Title"')
    assert.equal(en['conditions.rows.2.field'][0], 'There is no field "nope"')
    assert.equal(en['conditions.rows.3.value_field'][0], 'The field "Discount" cannot be compared with "Title"')
    assert.include(en['conditions.rows.4.value'][0], 'A, B, C')
    const zh = readConditionsForm(posted, fields, i18nManager.locale('zh-CN')).errors
    assert.match(zh['conditions.rows.0.value'][0], /^字段“金额”的比较值无效/)
    assert.equal(zh['conditions.rows.1.op'][0], '运算符“大于”不适用于字段“标题”')
  })

  test('editor fields: operators per kind, options for selects and booleans, comparable fields', ({ assert }) => {
    const editor = conditionEditorFields(fields, i18nManager.locale('zh-CN'))
    const amount = editor.find((f) => f.name === 'amount')!
    assert.equal(amount.label, '金额')
    assert.include(amount.operators.map((o) => o.value), 'gt')
    assert.deepEqual(amount.comparable, ['discount', 'max_discount'])
    assert.deepEqual(editor.find((f) => f.name === 'grade')!.options![2], { value: 'C', label: 'C级' })
    assert.deepEqual(editor.find((f) => f.name === 'vip')!.options!.map((o) => o.value), ['true', 'false'])
    assert.notInclude(editor.find((f) => f.name === 'title')!.operators.map((o) => o.value), 'gt')
  })

  test('the component renders its rows, the all/any choice and the messages', async ({ assert }) => {
    const i18n = i18nManager.locale('en')
    const { rows, errors } = readConditionsForm({ match: 'any', rows: [{ field: 'amount', op: 'gt', value: 'lots' }] }, fields, i18n)
    const html = await edge.share({ t: (k: string, d?: any) => i18n.t(k, d) }).renderRaw(
      `@!conditionsEditor({ name: 'conditions', fields: editorFields, match: 'any', rows, errors })`,
      { editorFields: conditionEditorFields(fields, i18n), rows, errors }
    )
    assert.include(html, 'x-data="loomConditions"')
    assert.match(html, /value="any"\s+checked/)
    assert.include(html, 'Condition 1: The value for &quot;Amount&quot; is not valid')
    const config = JSON.parse(html.match(/<script type="application\/json" data-conditions-config>([\s\S]*?)<\/script>/)![1])
    assert.equal(config.rows[0].field, 'amount')
    assert.equal(config.fields.length, fields.length)
  })
})
