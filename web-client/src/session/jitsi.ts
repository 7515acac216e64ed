import type { VideoAnswer } from './types'

type JitsiAnswer = Extract<VideoAnswer, { provider: 'jitsi' }>
/* eslint-disable @typescript-eslint/no-explicit-any */
type JitsiGlobal = any

declare global {
  interface Window {
    JitsiMeetJS?: JitsiGlobal
  }
}

const loaded = new Map<string, Promise<JitsiGlobal>>()

/** Each deployment serves its own build of lib-jitsi-meet: load it from there, once. */
export function loadLibrary(url: string): Promise<JitsiGlobal> {
  if (!loaded.has(url)) {
    loaded.set(url, new Promise((resolve, reject) => {
      if (window.JitsiMeetJS) return resolve(window.JitsiMeetJS)
      const s = document.createElement('script')
      s.src = url
      s.async = true
      s.onload = () => (window.JitsiMeetJS ? resolve(window.JitsiMeetJS) : reject(new Error('library')))
      s.onerror = () => {
        loaded.delete(url)
        reject(new Error('library'))
      }
      document.head.appendChild(s)
    }))
  }
  return loaded.get(url)!
}

/**
 * A Jitsi conference for one session (../shared/jitsi.md): init, connect with the token, join the room, add the
 * chosen camera and microphone, show the other person's tracks. Failures end up in onProblem with a code the page
 * translates: `library`, `refused` (the token was not accepted), `expired`, `failed`.
 */
export class JitsiCall {
  private connection: any = null
  private conference: any = null
  private tracks: any[] = []
  onRemoteTrack: (track: MediaStreamTrack, kind: string) => void = () => {}
  onProblem: (code: string) => void = () => {}
  onJoined: () => void = () => {}

  constructor(
    private answer: JitsiAnswer,
    private readonly freshToken: () => Promise<string>,
  ) {}

  async start(devices: { cameraId?: string; micId?: string }) {
    let J: JitsiGlobal
    try {
      J = await loadLibrary(this.answer.libraryUrl)
    } catch {
      this.onProblem('library')
      return
    }
    J.init({})
    const a = this.answer
    const conn = new J.JitsiConnection(a.appId, a.token, { serviceUrl: a.serviceUrl, hosts: { domain: a.domain, muc: a.muc } })
    this.connection = conn
    const E = J.events.connection
    conn.addEventListener(E.CONNECTION_ESTABLISHED, () => this.join(J, devices))
    conn.addEventListener(E.CONNECTION_FAILED, (error: string) => {
      this.onProblem(error === J.errors?.connection?.PASSWORD_REQUIRED ? 'refused' : 'failed')
    })
    conn.addEventListener(E.CONNECTION_TOKEN_EXPIRED, async () => {
      try {
        const token = await this.freshToken()
        if (typeof conn.refreshToken === 'function') await conn.refreshToken(token)
      } catch {
        this.onProblem('expired')
      }
    })
    conn.connect()
  }

  private async join(J: JitsiGlobal, devices: { cameraId?: string; micId?: string }) {
    const conf = this.connection.initJitsiConference(this.answer.room, { p2p: { enabled: true } })
    this.conference = conf
    const C = J.events.conference
    conf.on(C.TRACK_ADDED, (track: any) => {
      if (!track.isLocal()) this.onRemoteTrack(track.getTrack(), track.getType())
    })
    conf.on(C.CONFERENCE_JOINED, () => this.onJoined())
    conf.on(C.CONFERENCE_FAILED, () => this.onProblem('failed'))
    conf.setDisplayName?.(this.answer.displayName)
    try {
      this.tracks = await J.createLocalTracks({ devices: ['audio', 'video'], cameraDeviceId: devices.cameraId,
        micDeviceId: devices.micId })
      for (const t of this.tracks) await conf.addTrack(t)
    } catch {
      this.onProblem('devices')
    }
    conf.join()
  }

  mute(kind: 'audio' | 'video', muted: boolean) {
    this.tracks.filter((t) => t.getType() === kind).forEach((t) => (muted ? t.mute() : t.unmute()))
  }

  async leave() {
    try {
      await this.conference?.leave()
    } finally {
      this.tracks.forEach((t) => t.dispose?.())
      this.tracks = []
      this.connection?.disconnect()
      this.connection = null
    }
  }
}
