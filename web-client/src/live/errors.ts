import { ApiError } from '../api/http'
import { errorMessage } from '../api/errors'
import { i18n } from '../i18n'

/** A livestream or course error in words: the live block's own message per code first, then the app's. */
export function liveError(e: unknown): string {
  const { t, te } = i18n.global
  const code = e instanceof ApiError ? e.problem.code : undefined
  if (code && te(`live.errors.${code}`)) return t(`live.errors.${code}`)
  return errorMessage(e)
}
