import { onBeforeUnmount } from 'vue'
import { realtime } from '../realtime/instance'

/** Notification types that change bookings (and so schedules, slots, waitlists and consents shown on a page). */
export const BOOKING_EVENTS = ['booking_', 'no_show', 'guardian_consent', 'waitlist_']

/**
 * Keeps a view current: when a pushed notification of one of these type prefixes arrives, `refresh` runs (quietly,
 * without a skeleton). Several pushes close together cause one refresh.
 */
export function useLiveReload(prefixes: string[], refresh: () => unknown): void {
  let timer: ReturnType<typeof setTimeout> | null = null
  const off = realtime.on('notification', ({ notification }) => {
    if (!prefixes.some((p) => notification.type.startsWith(p))) return
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      refresh()
    }, 150)
  })
  onBeforeUnmount(() => {
    off()
    if (timer) clearTimeout(timer)
  })
}
