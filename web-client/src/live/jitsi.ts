import { loadLibrary } from '../session/jitsi'
import type { StreamVideo } from './types'

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * A livestream's video through the school's Jitsi (../shared/jitsi.md, "Livestreams"), with the room, token and
 * deployment the service hands out (POST /livestreams/{id}/video). The host joins with the moderator token and
 * sends camera and microphone; viewers and visitors send nothing (no local tracks at all) and only receive the
 * host's picture and sound. Failures reach onProblem as `library`, `refused`, `expired`, `devices` or `failed`.
 */
export class LiveJitsi {
  private connection: any = null
  private conference: any = null
  private tracks: any[] = []
  private remote = new MediaStream()
  onRemote: (stream: MediaStream) => void = () => {}
  onLocal: (stream: MediaStream) => void = () => {}
  onProblem: (code: string) => void = () => {}
  onJoined: () => void = () => {}

  constructor(
    private readonly answer: StreamVideo,
    private readonly freshToken: () => Promise<string>,
  ) {}

  get host(): boolean {
    return this.answer.role === 'host'
  }

  async start() {
    let J: any
    try {
      J = await loadLibrary(String(this.answer.libraryUrl))
    } catch {
      this.onProblem('library')
      return
    }
    J.init({})
    const a = this.answer
    const conn = new J.JitsiConnection(a.appId, a.token, { serviceUrl: a.serviceUrl, hosts: { domain: a.domain, muc: a.muc } })
    this.connection = conn
    const E = J.events.connection
    conn.addEventListener(E.CONNECTION_ESTABLISHED, () => void this.join(J))
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

  private async join(J: any) {
    // Viewers start muted and never ask for a camera: a broadcast, not a meeting.
    const config = this.host ? { p2p: { enabled: false } }
      : { p2p: { enabled: false }, startAudioMuted: true, startVideoMuted: true }
    const conf = this.connection.initJitsiConference(this.answer.room, config)
    this.conference = conf
    const C = J.events.conference
    conf.on(C.TRACK_ADDED, (track: any) => {
      if (track.isLocal()) return
      this.remote.addTrack(track.getTrack())
      this.onRemote(this.remote)
    })
    conf.on(C.CONFERENCE_JOINED, () => this.onJoined())
    conf.on(C.CONFERENCE_FAILED, () => this.onProblem('failed'))
    if (this.host) {
      try {
        this.tracks = await J.createLocalTracks({ devices: ['audio', 'video'] })
        for (const t of this.tracks) await conf.addTrack(t)
        this.onLocal(new MediaStream(this.tracks.map((t) => t.getTrack())))
      } catch {
        this.onProblem('devices')
      }
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
