import type { Problem, TokenResponse } from './types'
import { currentLocale } from '../i18n'

/** An error carrying an RFC 9457 problem (or a synthetic one for network failures). */
export class ApiError extends Error {
  readonly problem: Problem
  readonly retryAfter: number | null
  constructor(problem: Problem, retryAfter: number | null = null) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`)
    this.problem = problem
    this.retryAfter = retryAfter
  }
  get status(): number {
    return this.problem.status
  }
  /** status 0 = the network (or the server) could not be reached */
  get isNetwork(): boolean {
    return this.problem.status === 0
  }
}

const KEY_ACCESS = 'wenxin.accessToken'
const KEY_REFRESH = 'wenxin.refreshToken'
const KEY_EXPIRES = 'wenxin.expiresAt'

/** Tokens live in sessionStorage: one sign-in per tab, gone when the tab closes. */
export const tokens = {
  get access(): string | null {
    return sessionStorage.getItem(KEY_ACCESS)
  },
  get refresh(): string | null {
    return sessionStorage.getItem(KEY_REFRESH)
  },
  get expiresAt(): number {
    return Number(sessionStorage.getItem(KEY_EXPIRES) || 0)
  },
  save(t: TokenResponse) {
    sessionStorage.setItem(KEY_ACCESS, t.accessToken)
    sessionStorage.setItem(KEY_REFRESH, t.refreshToken)
    sessionStorage.setItem(KEY_EXPIRES, String(Date.now() + t.expiresIn * 1000))
  },
  clear() {
    sessionStorage.removeItem(KEY_ACCESS)
    sessionStorage.removeItem(KEY_REFRESH)
    sessionStorage.removeItem(KEY_EXPIRES)
  },
}

type Listener = () => void
const refreshedListeners = new Set<(token: string) => void>()
const expiredListeners = new Set<Listener>()

/** Called with the new access token after every successful refresh. */
export function onTokenRefreshed(fn: (token: string) => void): () => void {
  refreshedListeners.add(fn)
  return () => refreshedListeners.delete(fn)
}
/** Called when the session cannot be refreshed any more (the user must sign in again). */
export function onSessionExpired(fn: Listener): () => void {
  expiredListeners.add(fn)
  return () => expiredListeners.delete(fn)
}

async function toApiError(res: Response): Promise<ApiError> {
  let problem: Problem = { status: res.status, title: res.statusText }
  const type = res.headers.get('content-type') || ''
  if (type.includes('json')) {
    try {
      problem = { ...(await res.json()), status: res.status, detailLang: res.headers.get('content-language') ?? undefined }
    } catch {
      /* body was not JSON after all */
    }
  }
  const ra = res.headers.get('retry-after')
  let retryAfter: number | null = null
  if (ra) {
    const n = Number(ra)
    retryAfter = Number.isFinite(n) ? n : Math.max(0, Math.round((Date.parse(ra) - Date.now()) / 1000))
  }
  return new ApiError(problem, retryAfter)
}

async function rawFetch(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init)
  } catch {
    throw new ApiError({ status: 0, title: 'network' })
  }
}

let refreshing: Promise<string> | null = null

/** Exchanges the refresh token for a new pair. Concurrent callers share one request (tokens rotate). */
export function refreshTokens(): Promise<string> {
  if (refreshing) return refreshing
  const rt = tokens.refresh
  if (!rt) return Promise.reject(new ApiError({ status: 401, title: 'no session' }))
  refreshing = (async () => {
    const res = await rawFetch('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Accept-Language': currentLocale() },
      body: JSON.stringify({ refreshToken: rt }),
    })
    if (!res.ok) {
      const err = await toApiError(res)
      if (res.status === 401 || res.status === 400) {
        tokens.clear()
        expiredListeners.forEach((fn) => fn())
      }
      throw err
    }
    const t = (await res.json()) as TokenResponse
    tokens.save(t)
    refreshedListeners.forEach((fn) => fn(t.accessToken))
    return t.accessToken
  })().finally(() => {
    refreshing = null
  })
  return refreshing
}

export interface RequestOptions {
  method?: string
  body?: unknown
  headers?: Record<string, string>
  auth?: boolean
  raw?: boolean
}

/** Calls the API. Sends the bearer token, refreshes once on a 401 and retries once. */
export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const auth = opts.auth !== false
  const doFetch = (token: string | null) => {
    // Accept-Language: the server writes a problem's detail in the page's language.
    const headers: Record<string, string> = {
      Accept: 'application/json, application/problem+json',
      'Accept-Language': currentLocale(),
      ...opts.headers,
    }
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json'
    if (auth && token) headers.Authorization = `Bearer ${token}`
    return rawFetch(path, {
      method: opts.method ?? 'GET',
      headers,
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    })
  }
  let token = auth ? tokens.access : null
  if (auth && token && tokens.expiresAt && tokens.expiresAt - Date.now() < 5000) {
    try {
      token = await refreshTokens()
    } catch {
      /* fall through: the server decides */
    }
  }
  let res = await doFetch(token)
  if (res.status === 401 && auth && tokens.refresh) {
    let fresh: string | null = null
    try {
      fresh = await refreshTokens()
    } catch {
      fresh = null
    }
    if (fresh) res = await doFetch(fresh)
  }
  if (!res.ok) throw await toApiError(res)
  if (opts.raw) return res as unknown as T
  if (res.status === 204) return undefined as T
  const type = res.headers.get('content-type') || ''
  if (!type.includes('json')) return (await res.text()) as unknown as T
  return (await res.json()) as T
}

export const api = {
  get: <T>(path: string, opts: RequestOptions = {}) => request<T>(path, { ...opts, method: 'GET' }),
  post: <T>(path: string, body?: unknown, opts: RequestOptions = {}) => request<T>(path, { ...opts, method: 'POST', body }),
  put: <T>(path: string, body?: unknown, opts: RequestOptions = {}) => request<T>(path, { ...opts, method: 'PUT', body }),
  del: <T>(path: string, opts: RequestOptions = {}) => request<T>(path, { ...opts, method: 'DELETE' }),
}

/** Builds a query string, leaving out empty values. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') p.set(k, String(v))
  }
  const s = p.toString()
  return s ? `?${s}` : ''
}

