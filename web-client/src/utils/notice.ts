import type { AppNotification } from '../api/types'
import { i18n } from '../i18n'
import { fmtDateTime } from './time'
import { useAuthStore } from '../stores/auth'

const d0 = (n: Pick<AppNotification, 'data'>) => (n.data ?? {}) as Record<string, unknown>
const readerRole = () => useAuthStore().role

/**
 * A notification in the viewer's language and time zone. The server stores a type and data with a Chinese
 * fallback text; known types are written here from the data, unknown ones (added later) fall back to the server's.
 */
/** Where a notification leads: its subject, seen by its reader (a consent request to the consent page). */
export function noticeLink(n: Pick<AppNotification, 'type' | 'data'>, role: string | null): string | null {
  const d = (n.data ?? {}) as Record<string, unknown>
  if (n.type.startsWith('guardian_consent')) return '/consents'
  if (n.type.startsWith('waitlist_')) return '/waitlist'
  if (typeof d.bookingId === 'string') {
    if (role === 'expert') {
      const day = typeof d.start === 'string' ? d.start : ''
      return `/expert/today?view=week&booking=${encodeURIComponent(d.bookingId)}${day ? `&date=${ymdOf(day)}` : ''}`
    }
    return '/bookings'
  }
  return null
}

function ymdOf(iso: string): string {
  const d = new Date(iso)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

export function noticeText(n: Pick<AppNotification, 'type' | 'title' | 'body' | 'data'>): { title: string; body: string } {
  const { t, te } = i18n.global
  const forChild = n.type === 'booking_created' && d0(n).bookedByRole === 'parent' && readerRole() === 'student'
  const key = `notif.types.${forChild ? 'booking_created_by_parent' : n.type}`
  if (!te(`${key}.title`)) return { title: n.title, body: n.body }
  const d = (n.data ?? {}) as Record<string, unknown>
  const params = {
    expert: String(d.expertName ?? ''),
    student: String(d.studentName ?? ''),
    when: typeof d.start === 'string' ? fmtDateTime(d.start) : '',
  }
  return { title: t(`${key}.title`, params), body: t(`${key}.body`, params) }
}
