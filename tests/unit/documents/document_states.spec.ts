import { test } from '@japa/runner'
import { canTransition, nextStates, hooksFor, isEditable } from '#kernel/documents/document_states'

test.group('Document state machine rules', () => {
  test('orders go draft → submitted → confirmed → done; ledger documents post instead of confirming', ({ assert }) => {
    assert.deepEqual(nextStates('draft'), ['submitted', 'cancelled'])
    assert.deepEqual(nextStates('submitted'), ['confirmed', 'draft', 'cancelled'])
    assert.deepEqual(nextStates('submitted', { posts: true }), ['posted', 'draft', 'cancelled'])
    assert.deepEqual(nextStates('confirmed'), ['done', 'cancelled'])
    assert.deepEqual(nextStates('posted', { posts: true }), ['done', 'cancelled'])
    assert.deepEqual(nextStates('done'), [])
    assert.deepEqual(nextStates('cancelled'), [])
    assert.isFalse(canTransition('draft', 'confirmed'))
    assert.isFalse(canTransition('cancelled', 'draft'))
  })

  test('each transition names its before/after hooks', ({ assert }) => {
    assert.deepEqual(hooksFor('posted'), { before: 'beforePost', after: 'afterPost' })
    assert.deepEqual(hooksFor('cancelled'), { before: 'beforeCancel', after: 'afterCancel' })
    assert.deepEqual(hooksFor('done'), { before: 'beforeComplete', after: 'afterComplete' })
    assert.isNull(hooksFor('draft'))
  })

  test('only drafts are editable', ({ assert }) => {
    assert.isTrue(isEditable('draft'))
    for (const state of ['submitted', 'confirmed', 'posted', 'done', 'cancelled']) assert.isFalse(isEditable(state))
  })
})
