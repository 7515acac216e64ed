/* eslint-disable @typescript-eslint/no-explicit-any */
type JitsiGlobal = any

declare global {
  interface Window {
    JitsiMeetJS?: JitsiGlobal
  }
}

/** What a page translates: `library`, `refused` (token not accepted), `expired`, `devices`, `failed`. */
export type JitsiProblem = 'library' | 'refused' | 'expired' | 'devices' | 'failed'

/** The room, token and deployment a video answer hands out (session VideoAnswer or livestream StreamVideo). */
export interface JitsiTarget {
  libraryUrl?: string
  appId?: string
  token?: string
  serviceUrl?: string
  domain?: string
  muc?: string
  room?: string
  displayName?: string
}

/** What differs between callers: conference options and which local tracks, if any, are sent. */
export interface JitsiPolicy {
  conference: Record<string, unknown>
  /** Local tracks to send, made once the connection is up; [] sends nothing. A throw is `devices`. */
  localTracks: (J: JitsiGlobal) => Promise<any[]>
  freshToken: () => Promise<string>
  onRemoteTrack: (track: MediaStreamTrack, kind: string) => void
  onJoined: () => void
  onProblem: (code: JitsiProblem) => void
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
 * One Jitsi conference (../shared/jitsi.md): load the library, connect with the token (refreshed when it expires),
 * join the room with the policy's local tracks, report remote tracks, map failures to a JitsiProblem.
 */
export class JitsiLink {
  private connection: any = null
  private conference: any = null
  tracks: any[] = []

  constructor(
    private readonly target: JitsiTarget,
    private readonly policy: JitsiPolicy,
  ) {}

  async connect() {
    let J: JitsiGlobal
    try {
      J = await loadLibrary(String(this.target.libraryUrl))
    } catch {
      this.policy.onProblem('library')
      return
    }
    J.init({})
    const a = this.target
    const conn = new J.JitsiConnection(a.appId, a.token, { serviceUrl: a.serviceUrl, hosts: { domain: a.domain, muc: a.muc } })
    this.connection = conn
    const E = J.events.connection
    conn.addEventListener(E.CONNECTION_ESTABLISHED, () => void this.join(J))
    conn.addEventListener(E.CONNECTION_FAILED, (error: string) => {
      this.policy.onProblem(error === J.errors?.connection?.PASSWORD_REQUIRED ? 'refused' : 'failed')
    })
    conn.addEventListener(E.CONNECTION_TOKEN_EXPIRED, async () => {
      try {
        const token = await this.policy.freshToken()
        if (typeof conn.refreshToken === 'function') await conn.refreshToken(token)
      } catch {
        this.policy.onProblem('expired')
      }
    })
    conn.connect()
  }

  private async join(J: JitsiGlobal) {
    if (!this.connection) return // left before the connection came up
    const conf = this.connection.initJitsiConference(this.target.room, this.policy.conference)
    this.conference = conf
    const C = J.events.conference
    conf.on(C.TRACK_ADDED, (track: any) => {
      if (!track.isLocal()) this.policy.onRemoteTrack(track.getTrack(), track.getType())
    })
    conf.on(C.CONFERENCE_JOINED, () => this.policy.onJoined())
    conf.on(C.CONFERENCE_FAILED, () => this.policy.onProblem('failed'))
    if (this.target.displayName) conf.setDisplayName?.(this.target.displayName)
    try {
      this.tracks = await this.policy.localTracks(J)
      for (const t of this.tracks) await conf.addTrack(t)
    } catch {
      // No camera or microphone: still join, to see and hear the others.
      this.policy.onProblem('devices')
    }
    conf.join()
  }

  async leave() {
    try {
      await this.conference?.leave()
    } catch {
      // leaving a conference that never joined: nothing to undo
    } finally {
      this.tracks.forEach((t) => t.dispose?.())
      this.tracks = []
      this.connection?.disconnect()
      this.connection = null
      this.conference = null
    }
  }
}
