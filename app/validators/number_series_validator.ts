import vine from '@vinejs/vine'
import { patternProblems } from '#kernel/documents/number_series'

/** Reports each problem of a numbering pattern (i18n keys, translated by the messages provider). */
const seriesPattern = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  // The checkbox as posted ('1', 'on', 'true'), not yet converted by vine.boolean().
  const resetYearly = [true, 1, '1', 'on', 'true'].includes(field.parent?.reset_yearly)
  for (const problem of patternProblems(value, resetYearly)) field.report(problem, 'seriesPattern', field)
})

export const numberSeriesValidator = vine.compile(
  vine.object({
    reset_yearly: vine.boolean().optional(),
    pattern: vine.string().trim().minLength(1).maxLength(60).use(seriesPattern()),
  })
)
