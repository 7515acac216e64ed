import { i18n } from '../i18n'

/** A date and time in the page's language and the device's zone. */
export function formatDateTime(iso: string | undefined): string {
  if (!iso) return ''
  return new Intl.DateTimeFormat(String(i18n.global.locale.value), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))
}
