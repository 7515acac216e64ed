import { ApiError } from './http'
import { i18n } from '../i18n'

/**
 * Plain-language message for an error, in the page's language. A problem's stable `code` picks the message
 * (errors.code.* in the i18n files); a code this client does not know yet falls back to the server's `detail`,
 * which follows the Accept-Language the client sends, and then to a message for the status. Never raw English.
 */
export function errorMessage(e: unknown): string {
  const { t, te } = i18n.global
  if (e instanceof ApiError) {
    if (e.isNetwork) return t('errors.network')
    const s = e.status
    const code = e.problem.code
    const params = { retryAfter: e.retryAfter ?? e.problem.retryAfter ?? '' }
    if (code && te(`errors.code.${code}`)) return t(`errors.code.${code}`, params)
    if (s === 401) return t('errors.unauthorized')
    if (s === 404) return t('errors.notFound')
    if (s >= 500) return t('errors.server')
    if (e.problem.detail && e.problem.detailLang === i18n.global.locale.value) return e.problem.detail
    if (s === 403) return t('errors.forbidden')
    return t('errors.generic', { status: s })
  }
  return t('common.error')
}
