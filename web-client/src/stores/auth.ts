import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api, onSessionExpired, onTokenRefreshed, refreshTokens, tokens } from '../api/http'
import type { Me, Role, TokenResponse } from '../api/types'
import { realtime } from '../realtime/instance'

export const HOME_BY_ROLE: Record<Role, string> = {
  student: '/experts',
  parent: '/experts',
  expert: '/expert/today',
  hotline: '/hotline',
  admin: '/admin',
}

export const useAuthStore = defineStore('auth', () => {
  const me = ref<Me | null>(null)
  const pseudonym = ref<string | null>(sessionStorage.getItem('wenxin.pseudonym'))
  let refreshTimer: ReturnType<typeof setTimeout> | null = null

  const signedIn = computed(() => !!me.value)
  const role = computed<Role | null>(() => me.value?.role ?? null)
  const home = computed(() => (me.value ? HOME_BY_ROLE[me.value.role] : '/login'))
  const displayName = computed(() => me.value?.pseudonym || me.value?.displayName || pseudonym.value || '')

  /** Refresh about a minute before the access token expires. */
  function scheduleRefresh() {
    if (refreshTimer) clearTimeout(refreshTimer)
    if (!tokens.refresh) return
    const delay = Math.max(5_000, tokens.expiresAt - Date.now() - 60_000)
    refreshTimer = setTimeout(() => {
      refreshTokens().catch(() => {
        /* onSessionExpired handles a refused token; on a network error try again shortly */
        if (tokens.refresh) refreshTimer = setTimeout(scheduleRefresh, 15_000)
      })
    }, delay)
  }

  onTokenRefreshed((token) => {
    realtime.updateToken(token)
    scheduleRefresh()
  })
  onSessionExpired(() => {
    reset()
    if (location.pathname !== '/login') location.assign('/login')
  })

  async function loadMe(): Promise<Me> {
    me.value = await api.get<Me>('/api/v1/me')
    scheduleRefresh()
    return me.value
  }

  /** Restores the session of this tab, if there is one. */
  async function restore(): Promise<void> {
    if (me.value || !tokens.access) return
    try {
      await loadMe()
    } catch {
      tokens.clear()
      me.value = null
    }
  }

  async function login(username: string, password: string): Promise<Me> {
    const t = await api.post<TokenResponse>('/api/v1/auth/login', { username, password }, { auth: false })
    tokens.save(t)
    pseudonym.value = null
    sessionStorage.removeItem('wenxin.pseudonym')
    return loadMe()
  }

  async function loginAnonymous(): Promise<Me> {
    const t = await api.post<TokenResponse>('/api/v1/auth/anonymous', undefined, { auth: false })
    tokens.save(t)
    if (t.pseudonym) {
      pseudonym.value = t.pseudonym
      sessionStorage.setItem('wenxin.pseudonym', t.pseudonym)
    }
    return loadMe()
  }

  function reset() {
    if (refreshTimer) clearTimeout(refreshTimer)
    refreshTimer = null
    realtime.stop()
    tokens.clear()
    sessionStorage.removeItem('wenxin.pseudonym')
    sessionStorage.removeItem('wenxin.lastSeq')
    me.value = null
    pseudonym.value = null
  }

  async function logout(): Promise<void> {
    const rt = tokens.refresh
    // close the socket first: the server closes this session's sockets with 4401 on sign-out,
    // which must not look like an expired token to the realtime client
    realtime.stop()
    try {
      if (rt) await api.post('/api/v1/auth/logout', { refreshToken: rt })
    } catch {
      /* signing out locally matters most */
    } finally {
      reset()
    }
  }

  return { me, pseudonym, signedIn, role, home, displayName, loadMe, restore, login, loginAnonymous, logout, reset }
})
