/*
 * Daily: recomputes every active supplier's score and grade
 * (services/scores.ts) and tells buyers about qualifications expiring within
 * 30 days.
 */
import { getSettings } from '#services/settings'
import { DEFAULT_SCORE_SETTINGS, notifyExpiringQualifications, scoreSuppliers, type ScoreSettings } from '../services/scores.js'

export default async function supplierScores() {
  const stored: Record<string, unknown> = await getSettings('procurement').catch(() => ({}))
  const settings: ScoreSettings = {
    onTime: Number(stored.scoreWeightOnTime ?? DEFAULT_SCORE_SETTINGS.onTime),
    quality: Number(stored.scoreWeightQuality ?? DEFAULT_SCORE_SETTINGS.quality),
    price: Number(stored.scoreWeightPrice ?? DEFAULT_SCORE_SETTINGS.price),
    gradeA: Number(stored.gradeAThreshold ?? DEFAULT_SCORE_SETTINGS.gradeA),
    gradeB: Number(stored.gradeBThreshold ?? DEFAULT_SCORE_SETTINGS.gradeB),
  }
  await scoreSuppliers(settings)
  await notifyExpiringQualifications(30)
}
