import { useNotificationStore } from '../stores/notifications'

/**
 * A short message in the app's own toast region (a polite live region, see ToastRegion.vue).
 * Used instead of Vant's showToast, whose popup is an unnamed role="dialog" that screen readers and axe object to.
 */
export function showToast(message: string): void {
  useNotificationStore().pushToast(message, '')
}
