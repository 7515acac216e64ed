/**
 * A browser-to-browser call for one session, signalled over the session's channel (docs/realtime.md, "Video").
 * The expert places the call: each side says `rtc.ready` when its camera is on (and answers the other's ready
 * with its own); the expert, on the student's ready, sends an offer; the student answers. ICE candidates that
 * arrive before the remote description wait. A reconnect simply starts again with `rtc.ready`.
 */
export class PeerCall {
  private pc: RTCPeerConnection | null = null
  private queued: RTCIceCandidateInit[] = []
  private ready = false
  onRemote: (stream: MediaStream) => void = () => {}
  onState: (state: string) => void = () => {}

  constructor(
    private readonly caller: boolean,
    private readonly iceServers: RTCIceServer[],
    private readonly signal: (frame: { type: string; [k: string]: unknown }) => void,
    private local: MediaStream,
  ) {}

  start() {
    this.ready = true
    this.signal({ type: 'rtc.ready' })
  }

  replaceLocal(stream: MediaStream) {
    this.local = stream
    const senders = this.pc?.getSenders() ?? []
    stream.getTracks().forEach((t) => senders.find((s) => s.track?.kind === t.kind)?.replaceTrack(t))
  }

  async onSignal(f: Record<string, unknown>) {
    switch (f.type) {
      case 'rtc.ready':
        if (!this.ready) return
        if (this.caller) await this.offer()
        else this.signal({ type: 'rtc.ready', reply: true })
        return
      case 'rtc.offer':
        if (this.caller || !this.ready) return
        await this.answer(String(f.sdp))
        return
      case 'rtc.answer':
        if (this.caller && this.pc) {
          await this.pc.setRemoteDescription({ type: 'answer', sdp: String(f.sdp) })
          await this.flush()
        }
        return
      case 'rtc.ice':
        if (f.candidate) {
          this.queued.push(f.candidate as RTCIceCandidateInit)
          await this.flush()
        }
        return
      case 'rtc.hangup':
        this.close()
        this.onState('remote-left')
        return
    }
  }

  private fresh(): RTCPeerConnection {
    this.close()
    const pc = new RTCPeerConnection({ iceServers: this.iceServers })
    this.local.getTracks().forEach((t) => pc.addTrack(t, this.local))
    pc.onicecandidate = (e) => {
      if (e.candidate) this.signal({ type: 'rtc.ice', candidate: e.candidate.toJSON() })
    }
    pc.ontrack = (e) => this.onRemote(e.streams[0] ?? new MediaStream([e.track]))
    pc.onconnectionstatechange = () => this.onState(pc.connectionState)
    this.pc = pc
    this.queued = []
    return pc
  }

  private async offer() {
    const pc = this.fresh()
    await pc.setLocalDescription(await pc.createOffer())
    this.signal({ type: 'rtc.offer', sdp: pc.localDescription?.sdp })
  }

  private async answer(sdp: string) {
    const pc = this.fresh()
    await pc.setRemoteDescription({ type: 'offer', sdp })
    await pc.setLocalDescription(await pc.createAnswer())
    this.signal({ type: 'rtc.answer', sdp: pc.localDescription?.sdp })
    await this.flush()
  }

  private async flush() {
    const pc = this.pc
    if (!pc || !pc.remoteDescription) return
    const list = this.queued
    this.queued = []
    for (const c of list) {
      try {
        await pc.addIceCandidate(c)
      } catch {
        /* a candidate of an earlier negotiation */
      }
    }
  }

  /** Numbers for the call quality line (and the browser test): frames decoded and bytes received. */
  async inbound(): Promise<{ framesDecoded: number; bytesReceived: number }> {
    let framesDecoded = 0
    let bytesReceived = 0
    const stats = await this.pc?.getStats()
    stats?.forEach((r) => {
      if (r.type === 'inbound-rtp' && r.kind === 'video') {
        framesDecoded += r.framesDecoded ?? 0
        bytesReceived += r.bytesReceived ?? 0
      }
    })
    return { framesDecoded, bytesReceived }
  }

  hangup() {
    this.ready = false
    this.signal({ type: 'rtc.hangup' })
    this.close()
  }

  private close() {
    this.pc?.close()
    this.pc = null
  }
}
