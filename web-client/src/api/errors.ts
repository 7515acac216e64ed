import { ApiError } from './http'
import { i18n } from '../i18n'

/** Reason codes of 422 problems that have their own message (errors.reason.* in the i18n files). */
const REASONS = ['past', 'too_soon', 'too_far', 'outside_rules', 'off_grid', 'daily_cap', 'upcoming_cap', 'taken', 'student_busy']

/** Plain-language message for an error, using the problem's detail where the server gives one. */
export function errorMessage(e: unknown): string {
  const t = i18n.global.t
  if (e instanceof ApiError) {
    if (e.isNetwork) return t('errors.network')
    const s = e.status
    if (s === 401) return t('errors.unauthorized')
    if (s === 403) return e.problem.detail || t('errors.forbidden')
    if (s === 404) return t('errors.notFound')
    if (s >= 500) return t('errors.server')
    const reason = e.problem.reason
    if (reason && REASONS.includes(reason)) return t(`errors.reason.${reason}`)
    return e.problem.detail || e.problem.title || t('errors.generic', { status: s })
  }
  return t('common.error')
}
