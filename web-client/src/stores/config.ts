import { defineStore } from 'pinia'
import { ref } from 'vue'
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
  return { config, loaded, load }
})
