import { reactive } from 'vue'
import { realtime } from '../realtime/instance'
import type { ServerMessage } from '../realtime'
import { uuid } from '../utils/uuid'
import type { ChatMessage, PendingMessage } from './types'

/**
 * The chat of one session over the tab's WebSocket. Joins after the last seq shown on every (re)connect, so a
 * reconnect misses nothing and shows nothing twice; keeps every unacknowledged message and sends it again, with
 * the same clientMsgId, after a reconnect (the server then answers the seq it already gave).
 */
export class ChatChannel {
  readonly state = reactive({
    messages: [] as ChatMessage[],
    pending: [] as PendingMessage[],
    joined: false,
    otherTyping: false,
    otherReadSeq: 0,
    error: null as string | null,
  })
  private lastSeq = 0
  private typingTimer: ReturnType<typeof setTimeout> | null = null
  private lastTypingSent = 0
  private offs: Array<() => void> = []
  /** frames of this session that are not chat (rtc.*, session.state) */
  onFrame: (frame: Record<string, unknown>) => void = () => {}

  constructor(private readonly sessionId: string) {}

  start() {
    this.offs.push(realtime.on('welcome', () => this.join()))
    this.offs.push(realtime.on('message', (m) => this.receive(m)))
    if (realtime.state === 'open') this.join()
  }

  stop() {
    realtime.send({ type: 'chat.leave', sessionId: this.sessionId })
    this.offs.forEach((off) => off())
    this.offs = []
  }

  private join() {
    this.state.joined = false
    realtime.send({ type: 'chat.join', sessionId: this.sessionId, after: this.lastSeq })
  }

  send(text: string) {
    const m: PendingMessage = { clientMsgId: uuid(), text }
    this.state.pending.push(m)
    this.transmit(m)
  }

  retry(m: PendingMessage) {
    m.failed = undefined
    this.transmit(m)
  }

  private transmit(m: PendingMessage) {
    realtime.send({ type: 'chat.send', sessionId: this.sessionId, clientMsgId: m.clientMsgId, text: m.text })
  }

  /** Sent at most every 3 s while typing. */
  typing() {
    const now = Date.now()
    if (now - this.lastTypingSent < 3000) return
    this.lastTypingSent = now
    realtime.send({ type: 'chat.typing', sessionId: this.sessionId })
  }

  markRead() {
    if (this.lastSeq > 0) realtime.send({ type: 'chat.read', sessionId: this.sessionId, seq: this.lastSeq })
  }

  signal(frame: { type: string; [k: string]: unknown }) {
    realtime.send({ ...frame, sessionId: this.sessionId })
  }

  private receive(m: ServerMessage) {
    const f = m as Record<string, unknown>
    if (f.sessionId !== this.sessionId) return
    switch (f.type) {
      case 'chat.joined':
        this.state.joined = true
        this.state.error = null
        this.state.pending.filter((p) => !p.failed).forEach((p) => this.transmit(p))
        return
      case 'chat.msg': {
        const msg = f as unknown as ChatMessage
        if (msg.seq <= this.lastSeq) return
        this.lastSeq = msg.seq
        this.state.messages.push(msg)
        if (msg.from !== undefined) this.state.otherTyping = false
        return
      }
      case 'chat.ack':
        this.state.pending = this.state.pending.filter((p) => p.clientMsgId !== f.clientMsgId)
        return
      case 'chat.typing':
        this.state.otherTyping = true
        if (this.typingTimer) clearTimeout(this.typingTimer)
        this.typingTimer = setTimeout(() => (this.state.otherTyping = false), 5000)
        return
      case 'chat.read':
        this.state.otherReadSeq = Math.max(this.state.otherReadSeq, Number(f.seq) || 0)
        return
      case 'error': {
        const code = String(f.code)
        // `unavailable`: the request reached a node that just went away; the cluster answers again within seconds,
        // and a resend with the same clientMsgId is never stored twice, so the join and the send are tried again.
        if (code === 'unavailable' && f.ref === 'chat.join') {
          setTimeout(() => this.join(), 1000)
          return
        }
        const p = this.state.pending.find((x) => x.clientMsgId === f.clientMsgId)
        if (p && code === 'unavailable' && (p.autoRetries ?? 0) < 3) {
          p.autoRetries = (p.autoRetries ?? 0) + 1
          setTimeout(() => this.transmit(p), 1000 * p.autoRetries)
          return
        }
        if (p) p.failed = code
        else this.state.error = code
        return
      }
      default:
        this.onFrame(f)
    }
  }
}
