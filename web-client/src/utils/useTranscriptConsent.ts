import type { ConsentNotice, TranscriptDecision } from '../api/types'
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { api, ApiError, qs } from '../api/http'
import { errorMessage } from '../api/errors'
import { currentLocale } from '../i18n'

/** The confidentiality notice in the server's exact words; its SHA-256 goes with a choice to keep. */
export type TranscriptNotice = ConsentNotice
export type { TranscriptDecision }

/**
 * One booking's transcript choice: the notice and the decision on file, and recording a new one. A notice that
 * changed between reading and choosing (422) is fetched again and the person asked to read it once more.
 */
export function useTranscriptConsent(bookingId: () => string | null) {
  const { t } = useI18n()
  const notice = ref<TranscriptNotice | null>(null)
  const current = ref<TranscriptDecision | null>(null)
  const loading = ref(false)
  const busy = ref(false)
  const error = ref<string | null>(null)
  const path = (id: string) => `/api/v1/bookings/${encodeURIComponent(id)}/transcript-consent`

  async function load() {
    const id = bookingId()
    if (!id) return
    loading.value = true
    error.value = null
    try {
      const [n, d] = await Promise.all([
        api.get<TranscriptNotice>(`/api/v1/consent-notices/transcript${qs({ locale: currentLocale() })}`),
        api.get<TranscriptDecision>(path(id)),
      ])
      notice.value = n
      current.value = d
    } catch (e) {
      error.value = errorMessage(e)
    } finally {
      loading.value = false
    }
  }

  /** Records the choice; the decision on file, or null when it was not recorded (the error says why). */
  async function decide(keep: boolean): Promise<TranscriptDecision | null> {
    const id = bookingId()
    const n = notice.value
    if (!id || !n) return null
    busy.value = true
    error.value = null
    try {
      const body = keep ? { keep, policyVersion: n.policyVersion, textHash: n.textHash, locale: n.locale } : { keep }
      current.value = await api.put<TranscriptDecision>(path(id), body)
      return current.value
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) {
        await load()
        error.value = t('privacy.noticeChanged')
      } else {
        error.value = errorMessage(e)
      }
      return null
    } finally {
      busy.value = false
    }
  }

  return { notice, current, loading, busy, error, load, decide }
}
