import { Emitter } from './emitter'
import { CLOSE_UNAUTHENTICATED, type ClientMessage, type ConnectionState, type ErrorCode, type RealtimeEvents, type ServerMessage } from './protocol'

export interface RealtimeOptions {
  /** returns the current access token, or null when signed out */
  getToken: () => string | null
  /** called on close 4401; should refresh the token and resolve true if the client may reconnect */
  onUnauthorized?: () => Promise<boolean>
  url?: string
  pingIntervalMs?: number
  minBackoffMs?: number
  maxBackoffMs?: number
}

function defaultUrl(): string {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${proto}//${location.host}/ws`
}

/**
 * One WebSocket per signed-in tab. Says hello with the token and the last notification seq seen,
 * pings every 25 s, re-authenticates after token refresh, and reconnects with exponential back-off
 * (1 s doubling to 30 s, with jitter), resuming after the last seq.
 */
export class RealtimeClient extends Emitter<RealtimeEvents> {
  private ws: WebSocket | null = null
  private opts: Required<Omit<RealtimeOptions, 'onUnauthorized'>> & Pick<RealtimeOptions, 'onUnauthorized'>
  private attempt = 0
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null
  private pingTimer: ReturnType<typeof setInterval> | null = null
  private running = false
  private _state: ConnectionState = 'idle'
  /** 4401 closes since the last welcome: after a refresh the client tries once more, then gives up */
  private unauthorizedStreak = 0
  lastSeq = 0
  private readonly seenSeqs = new Set<number>()
  /** when the connection's authentication runs out (epoch seconds), from the last `authenticated` */
  authExpiresAt: number | null = null

  constructor(options: RealtimeOptions) {
    super()
    this.opts = {
      url: options.url ?? defaultUrl(),
      pingIntervalMs: options.pingIntervalMs ?? 25_000,
      minBackoffMs: options.minBackoffMs ?? 1_000,
      maxBackoffMs: options.maxBackoffMs ?? 30_000,
      getToken: options.getToken,
      onUnauthorized: options.onUnauthorized,
    }
  }

  get state(): ConnectionState {
    return this._state
  }

  private setState(s: ConnectionState) {
    if (s !== this._state) {
      this._state = s
      this.emit('state', s)
    }
  }

  start(resumeAfter = this.lastSeq): void {
    this.lastSeq = Math.max(this.lastSeq, resumeAfter)
    if (this.running) return
    this.running = true
    this.attempt = 0
    this.unauthorizedStreak = 0
    this.connect()
  }

  stop(): void {
    this.running = false
    this.clearTimers()
    const ws = this.ws
    this.ws = null
    if (ws && ws.readyState <= WebSocket.OPEN) ws.close(1000, 'bye')
    this.setState('closed')
  }

  /** Sends a message if connected; returns whether it was sent. */
  send(msg: ClientMessage): boolean {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(msg))
      return true
    }
    return false
  }

  /** Tell the server about a refreshed access token. */
  updateToken(token: string): void {
    this.send({ type: 'auth', token })
  }

  private clearTimers() {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer)
    if (this.pingTimer) clearInterval(this.pingTimer)
    this.reconnectTimer = null
    this.pingTimer = null
  }

  private connect() {
    const token = this.opts.getToken()
    if (!this.running || !token) {
      this.setState('closed')
      return
    }
    this.setState(this.attempt === 0 ? 'connecting' : 'reconnecting')
    let ws: WebSocket
    try {
      ws = new WebSocket(this.opts.url)
    } catch {
      this.scheduleReconnect()
      return
    }
    this.ws = ws
    ws.onopen = () => {
      const t = this.opts.getToken()
      if (!t) {
        ws.close(1000)
        return
      }
      ws.send(JSON.stringify({ type: 'hello', token: t, resumeAfter: this.lastSeq }))
      this.pingTimer = setInterval(() => this.send({ type: 'ping' }), this.opts.pingIntervalMs)
    }
    ws.onmessage = (ev) => {
      let msg: ServerMessage
      try {
        msg = JSON.parse(String(ev.data))
      } catch {
        return
      }
      this.handle(msg)
    }
    ws.onclose = (ev) => {
      if (this.ws !== ws) return
      this.ws = null
      this.clearTimers()
      if (!this.running) {
        this.setState('closed')
        return
      }
      if (ev.code === CLOSE_UNAUTHENTICATED) {
        // the token was refused, expired, or this session signed out: refresh once; a second refusal in a row stops
        this.emit('unauthorized', { code: ev.code, reason: ev.reason })
        this.unauthorizedStreak++
        const retry =
          this.opts.onUnauthorized && this.unauthorizedStreak <= 1 ? this.opts.onUnauthorized() : Promise.resolve(false)
        retry.then(
          (ok) => (ok ? this.scheduleReconnect() : this.stop()),
          () => this.stop(),
        )
        return
      }
      this.scheduleReconnect()
    }
    ws.onerror = () => {
      /* onclose follows; nothing to do here */
    }
  }

  private handle(msg: ServerMessage) {
    switch (msg.type) {
      case 'welcome':
        this.attempt = 0
        this.unauthorizedStreak = 0
        this.setState('open')
        this.emit('welcome', msg as { type: 'welcome'; userId: string })
        break
      case 'notification': {
        const m = msg as { type: 'notification'; seq: number; notification: RealtimeEvents['notification']['notification'] }
        if (typeof m.seq === 'number') {
          // once each, in whatever order they come: two made close together may arrive either way round
          if (this.seenSeqs.has(m.seq)) break
          this.seenSeqs.add(m.seq)
          if (this.seenSeqs.size > 500) this.seenSeqs.delete(this.seenSeqs.values().next().value as number)
          this.lastSeq = Math.max(this.lastSeq, m.seq)
        }
        this.emit('notification', { seq: m.seq, notification: m.notification })
        break
      }
      case 'authenticated': {
        const m = msg as { type: 'authenticated'; expiresAt: number }
        if (typeof m.expiresAt === 'number') this.authExpiresAt = m.expiresAt
        this.emit('authenticated', { expiresAt: m.expiresAt })
        break
      }
      case 'error': {
        // bad_message / unknown_type: a message of ours was refused, the connection stays; unauthenticated: a 4401 close follows
        const m = msg as { type: 'error'; code: ErrorCode; detail?: string }
        if (m.code === 'bad_message' || m.code === 'unknown_type') console.warn(`realtime: ${m.code}`, m.detail ?? '')
        this.emit('error', { code: m.code, detail: m.detail })
        break
      }
      default:
        break
    }
    this.emit('message', msg)
  }

  /** 1 s doubling to 30 s, with ±50 % jitter. */
  backoffMs(attempt: number): number {
    const base = Math.min(this.opts.maxBackoffMs, this.opts.minBackoffMs * 2 ** attempt)
    return Math.round(base / 2 + Math.random() * (base / 2))
  }

  private scheduleReconnect() {
    if (!this.running) return
    this.setState('reconnecting')
    const delay = this.backoffMs(this.attempt)
    this.attempt++
    this.reconnectTimer = setTimeout(() => this.connect(), delay)
  }
}
