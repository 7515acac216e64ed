import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { i18n } from '../i18n'
import { api } from '../api/http'
import type { PublicConfig } from '../api/types'

/** Shown when /config/public cannot be loaded: the hotlines must always be visible. */
const FALLBACK: PublicConfig = {
  hotlines: [
    { number: '96525', label: '' },
    { number: '92355', label: '' },
  ],
  defaultTimeZone: 'Asia/Shanghai',
  policyVersion: '',
}

export const useConfigStore = defineStore('config', () => {
  const config = ref<PublicConfig>(FALLBACK)
  const loaded = ref(false)
  let pending: Promise<void> | null = null

  function load(): Promise<void> {
    if (loaded.value) return Promise.resolve()
    pending ??= api
      .get<PublicConfig>('/api/v1/config/public', { auth: false })
      .then((c) => {
        config.value = { ...FALLBACK, ...c, hotlines: c.hotlines?.length ? c.hotlines : FALLBACK.hotlines }
        loaded.value = true
      })
      .catch(() => {
        /* keep the fallback numbers */
      })
      .finally(() => {
        pending = null
      })
    return pending
  }
  /** The hotlines with their label in the page's language (the server sends both). */
  const hotlines = computed(() => config.value.hotlines.map((h) => ({
    number: h.number,
    label: i18n.global.locale.value === 'en' && h.labelEn ? h.labelEn : h.label,
  })))
  return { config, hotlines, loaded, load }
})
