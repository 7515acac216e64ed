import { useNotificationStore } from '../stores/notifications'

/**
 * A short message in the app's own toast region (a polite live region, see ToastRegion.vue): the app's one toast
 * system. Used instead of Vant's showToast, whose popup is an unnamed role="dialog" that screen readers and axe
 * object to, and instead of Element Plus messages. `subject` (a booking id) names what the action changed: the
 * notification the server pushes about it then goes to the bell without a second toast.
 */
export function showToast(message: string, subject?: string): void {
  const store = useNotificationStore()
  if (subject) store.expectEcho(subject)
  store.pushToast(message, '')
}
