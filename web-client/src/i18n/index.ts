import { createI18n } from 'vue-i18n'
import en from './en'
import zhCN from './zh-CN'

export type AppLocale = 'zh-CN' | 'en'
const STORAGE_KEY = 'wenxin.locale'

function initialLocale(): AppLocale {
  const saved = localStorage.getItem(STORAGE_KEY)
  return saved === 'en' || saved === 'zh-CN' ? saved : 'zh-CN'
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
  missingWarn: false,
  fallbackWarn: false,
})

const listeners = new Set<(l: AppLocale) => void>()
export function onLocaleChange(fn: (l: AppLocale) => void) {
  listeners.add(fn)
}

export function setLocale(l: AppLocale) {
  i18n.global.locale.value = l
  localStorage.setItem(STORAGE_KEY, l)
  document.documentElement.lang = l
  document.title = l === 'en' ? 'Wenxin · Counseling' : '温心有约'
  listeners.forEach((fn) => fn(l))
}

export function currentLocale(): AppLocale {
  return i18n.global.locale.value as AppLocale
}
