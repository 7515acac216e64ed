import type { AppNotification } from '../api/types'
import { i18n } from '../i18n'
import { fmtDateTime } from './time'

/**
 * A notification in the viewer's language and time zone. The server stores a type and data with a Chinese
 * fallback text; known types are written here from the data, unknown ones (added later) fall back to the server's.
 */
export function noticeText(n: Pick<AppNotification, 'type' | 'title' | 'body' | 'data'>): { title: string; body: string } {
  const { t, te } = i18n.global
  const key = `notif.types.${n.type}`
  if (!te(`${key}.title`)) return { title: n.title, body: n.body }
  const d = (n.data ?? {}) as Record<string, unknown>
  const params = {
    expert: String(d.expertName ?? ''),
    student: String(d.studentName ?? ''),
    when: typeof d.start === 'string' ? fmtDateTime(d.start) : '',
  }
  return { title: t(`${key}.title`, params), body: t(`${key}.body`, params) }
}
