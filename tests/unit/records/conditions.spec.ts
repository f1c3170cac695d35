import { test } from '@japa/runner'
import { validateManifest } from '#kernel/plugins/manifest_validator'
import type { RecordFieldDeclaration } from '#kernel/plugins/define_plugin'
import { evaluateConditions, validateConditions } from '#kernel/records/conditions'
import { parseFieldInput, readFieldValue } from '#kernel/records/values'

const L = (en: string) => ({ 'zh-CN': en, 'en': en })
const fields: RecordFieldDeclaration[] = [
  { name: 'customer', kind: 'text', label: L('Customer') },
  { name: 'amount', kind: 'money', label: L('Amount') },
  { name: 'discount', kind: 'number', label: L('Discount') },
  { name: 'max_discount', kind: 'number', label: L('Max discount') },
  { name: 'grade', kind: 'select', label: L('Grade'), options: ['A', 'B', 'C'].map((v) => ({ value: v, label: { 'zh-CN': `${v}级`, 'en': `Grade ${v}` } })) },
  { name: 'birthday', kind: 'date', label: L('Birthday') },
  { name: 'vip', kind: 'boolean', label: L('VIP') },
  { name: 'tags', kind: 'multiselect', label: L('Tags'), options: [{ value: 'export', label: L('Export') }, { value: 'oem', label: L('OEM') }] },
]

test.group('Record field values', () => {
  test('money typed the way people type it is stored as exact micros', ({ assert }) => {
    const parsed = parseFieldInput(fields[1], '¥1,200.50')
    assert.deepEqual(parsed.ok && parsed.stored, 1200500000n)
    assert.equal(readFieldValue(fields[1], '1200500000')!.toString(), '1200.5')
    const bad = parseFieldInput(fields[1], '12x')
    assert.isFalse(bad.ok)
    assert.equal(!bad.ok && bad.error, 'documents.numbers.invalid')
  })

  test('select accepts the value or either label; anything else names the choices', ({ assert }) => {
    assert.deepEqual(parseFieldInput(fields[4], 'C级'), { ok: true, stored: 'C', value: 'C' })
    assert.deepEqual(parseFieldInput(fields[4], 'grade b'), { ok: true, stored: 'B', value: 'B' })
    assert.deepEqual(parseFieldInput(fields[4], 'Z'), { ok: false, error: 'records.errors.option', params: { options: 'A, B, C' } })
  })

  test('dates, booleans and required fields', ({ assert }) => {
    assert.deepEqual(parseFieldInput(fields[5], '2026年3月5日'), { ok: true, stored: '2026-03-05', value: '2026-03-05' })
    assert.isFalse(parseFieldInput(fields[5], '2026-02-30').ok)
    assert.deepEqual(parseFieldInput(fields[6], '是'), { ok: true, stored: true, value: true })
    assert.deepEqual(parseFieldInput({ ...fields[0], required: true }, '  '), { ok: false, error: 'records.errors.required' })
  })
})

test.group('Record conditions', () => {
  test('amount over 500,000 matches exactly at the boundary', ({ assert }) => {
    const { group, problems } = validateConditions({ match: 'all', conditions: [{ field: 'amount', op: 'gt', value: '500,000' }] }, fields)
    assert.deepEqual(problems, [])
    assert.isFalse(evaluateConditions(group, fields, { amount: 500_000_000_000n.toString() }))
    assert.isTrue(evaluateConditions(group, fields, { amount: 500_000_000_001n.toString() }))
    assert.isFalse(evaluateConditions(group, fields, { amount: null }))
  })

  test('a field compared with another field of the record (discount over the limit)', ({ assert }) => {
    const { group } = validateConditions({ conditions: [{ field: 'discount', op: 'gt', valueField: 'max_discount' }] }, fields)
    assert.isTrue(evaluateConditions(group, fields, { discount: '150000', max_discount: '100000' }))
    assert.isFalse(evaluateConditions(group, fields, { discount: 100000, max_discount: '100000' }))
  })

  test('any-of groups, option lists and multi-select contains', ({ assert }) => {
    const { group, problems } = validateConditions(
      { match: 'any', conditions: [{ field: 'grade', op: 'in', value: ['C'] }, { field: 'tags', op: 'contains', value: 'OEM' }] },
      fields
    )
    assert.deepEqual(problems, [])
    assert.isTrue(evaluateConditions(group, fields, { grade: 'C', tags: '[]' }))
    assert.isTrue(evaluateConditions(group, fields, { grade: 'A', tags: '["oem"]' }))
    assert.isFalse(evaluateConditions(group, fields, { grade: 'A', tags: '["export"]' }))
  })

  test('bad conditions are refused with the field named', ({ assert }) => {
    const { problems } = validateConditions(
      {
        match: 'all',
        conditions: [
          { field: 'nope', op: 'eq', value: '1' },
          { field: 'vip', op: 'gt', value: 'yes' },
          { field: 'amount', op: 'gt', value: 'lots' },
          { field: 'grade', op: 'eq', value: 'Z' },
          { field: 'discount', op: 'gt', valueField: 'customer' },
        ],
      },
      fields
    )
    assert.deepEqual(
      problems.map((p) => [p.index, p.key]),
      [
        [0, 'records.conditions.unknown_field'],
        [1, 'records.conditions.operator'],
        [2, 'records.conditions.value'],
        [3, 'records.conditions.value'],
        [4, 'records.conditions.incomparable'],
      ]
    )
  })
})

test.group('Record types in manifests', () => {
  const base = { id: 'shop', version: '1.0.0', name: L('Shop'), depends: { kernel: '^1.0.0' } }
  test('a record type with fields is accepted', ({ assert }) => {
    assert.deepEqual(validateManifest({ ...base, records: [{ type: 'shop.customer', label: L('Customer'), table: 'shop_customers', fields }] }, 'shop'), [])
  })
  test('bad fields are named', ({ assert }) => {
    const problems = validateManifest(
      {
        ...base,
        records: [
          {
            type: 'crm.customer',
            label: L('Customer'),
            table: 'shop_customers',
            fields: [
              { name: 'Grade', kind: 'text', label: L('G') },
              { name: 'grade', kind: 'colour', label: L('G') },
              { name: 'tier', kind: 'select', label: L('T') },
            ],
          },
        ],
      },
      'shop'
    )
    assert.deepEqual(problems, [
      '"records[0].type" must look like "shop.record"',
      '"records[0].fields[0].name" must be a snake_case column name',
      `"records[0].fields[1].kind" must be one of text, textarea, number, money, quantity, date, datetime, select, multiselect, boolean, user, reference (got "colour")`,
      '"records[0].fields[2].options" must list the choices of a select field',
    ])
  })
})
