import { realtime } from '../realtime/instance'

/**
 * Peer-to-peer video of a livestream without Jitsi: the host's camera goes to the first few viewers who ask
 * (the service keeps the seats), over the room's live.rtc signals. Viewers send nothing but signals.
 */
export class LiveP2P {
  private peers = new Map<string, RTCPeerConnection>()
  private local: MediaStream | null = null
  private off: (() => void) | null = null

  constructor(
    private streamId: string,
    private host: boolean,
    private iceServers: RTCIceServer[],
    private onRemote: (s: MediaStream) => void,
    private onError: (code: string) => void,
  ) {}

  async start(): Promise<MediaStream | null> {
    this.off = realtime.on('message', (m) => {
      if (m.type === 'live.rtc' && m.streamId === this.streamId) void this.signal(m as Record<string, unknown>)
      const e = m as Record<string, unknown>
      if (e.type === 'error' && e.ref === 'live.rtc' && typeof e.code === 'string') this.onError(e.code)
    })
    if (this.host) {
      this.local = await navigator.mediaDevices.getUserMedia({ video: true, audio: true })
      return this.local
    }
    this.send({ kind: 'ready' })
    return null
  }

  private send(signal: Record<string, unknown>, to?: string) {
    realtime.send({ type: 'live.rtc', streamId: this.streamId, signal, ...(to ? { to } : {}) })
  }

  private peer(other: string): RTCPeerConnection {
    let pc = this.peers.get(other)
    if (pc) return pc
    pc = new RTCPeerConnection({ iceServers: this.iceServers })
    pc.onicecandidate = (e) => {
      if (e.candidate) this.send({ kind: 'ice', candidate: e.candidate.toJSON() }, this.host ? other : undefined)
    }
    pc.ontrack = (e) => this.onRemote(e.streams[0])
    this.peers.set(other, pc)
    return pc
  }

  private async signal(m: Record<string, unknown>) {
    const from = String(m.from)
    const kind = m.kind
    if (this.host && kind === 'ready' && this.local) {
      this.peers.get(from)?.close()
      this.peers.delete(from)
      const pc = this.peer(from)
      this.local.getTracks().forEach((t) => pc.addTrack(t, this.local as MediaStream))
      await pc.setLocalDescription(await pc.createOffer())
      this.send({ kind: 'offer', sdp: pc.localDescription?.sdp }, from)
    } else if (!this.host && kind === 'offer') {
      const pc = this.peer('host')
      await pc.setRemoteDescription({ type: 'offer', sdp: String(m.sdp) })
      await pc.setLocalDescription(await pc.createAnswer())
      this.send({ kind: 'answer', sdp: pc.localDescription?.sdp })
    } else if (this.host && kind === 'answer') {
      await this.peers.get(from)?.setRemoteDescription({ type: 'answer', sdp: String(m.sdp) })
    } else if (kind === 'ice' && m.candidate) {
      const pc = this.host ? this.peers.get(from) : this.peers.get('host')
      await pc?.addIceCandidate(m.candidate as RTCIceCandidateInit).catch(() => undefined)
    }
  }

  stop() {
    this.off?.()
    this.peers.forEach((pc) => pc.close())
    this.peers.clear()
    this.local?.getTracks().forEach((t) => t.stop())
    this.local = null
  }
}
