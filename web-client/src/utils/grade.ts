import { i18n } from '../i18n'

/** A school grade for people: the server sends a number (1–12); older data may carry a label already. */
export function fmtGrade(g: string | number | undefined | null): string {
  if (g === undefined || g === null || g === '') return ''
  const n = typeof g === 'number' ? g : /^\d+$/.test(g) ? Number(g) : NaN
  if (!Number.isFinite(n)) return String(g)
  return i18n.global.t('grade.n', { n })
}
