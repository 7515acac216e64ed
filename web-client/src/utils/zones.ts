import { currentLocale } from '../i18n'

/** Chinese names of the cities people here most often pick; other cities keep their own name. */
const CITY_ZH: Record<string, string> = {
  'Asia/Shanghai': '上海', 'Asia/Hong_Kong': '香港', 'Asia/Macau': '澳门', 'Asia/Taipei': '台北', 'Asia/Tokyo': '东京',
  'Asia/Seoul': '首尔', 'Asia/Singapore': '新加坡', 'Asia/Bangkok': '曼谷', 'Asia/Dubai': '迪拜', 'Asia/Kolkata': '加尔各答',
  'Asia/Urumqi': '乌鲁木齐', 'Europe/London': '伦敦', 'Europe/Paris': '巴黎', 'Europe/Berlin': '柏林', 'Europe/Rome': '罗马',
  'Europe/Madrid': '马德里', 'Europe/Moscow': '莫斯科', 'America/New_York': '纽约', 'America/Chicago': '芝加哥',
  'America/Los_Angeles': '洛杉矶', 'America/Toronto': '多伦多', 'America/Vancouver': '温哥华', 'Australia/Sydney': '悉尼',
  'Australia/Melbourne': '墨尔本', 'Pacific/Auckland': '奥克兰', 'UTC': '协调世界时',
}
/** Offered first, before any search. */
export const COMMON_ZONES = Object.keys(CITY_ZH)

function cityOf(zone: string, zh: boolean): string {
  if (zh && CITY_ZH[zone]) return CITY_ZH[zone]
  return zone.split('/').pop()!.replace(/_/g, ' ')
}

/** "上海（中国标准时间）" / "Shanghai (China Standard Time)": a zone as a person reads it, never a raw id. */
export function zoneLabel(zone: string): string {
  const locale = currentLocale()
  const zh = locale === 'zh-CN'
  let name = ''
  try {
    const parts = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'longGeneric' }).formatToParts(new Date())
    name = parts.find((p) => p.type === 'timeZoneName')?.value ?? ''
  } catch {
    return zone
  }
  const city = cityOf(zone, zh)
  if (!name || name === city) return city
  return zh ? `${city}（${name}）` : `${city} (${name})`
}

/** Every zone this browser knows. */
export function allZones(): string[] {
  const list = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? []
  return list.length ? list : COMMON_ZONES
}
