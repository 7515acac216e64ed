import { JitsiLink } from '../video/jitsi'
import type { StreamVideo } from './types'

/**
 * A livestream's video through the school's Jitsi (../shared/jitsi.md, "Livestreams"), with the room, token and
 * deployment the service hands out (POST /livestreams/{id}/video). The host joins with the moderator token and
 * sends camera and microphone; viewers and visitors send nothing (no local tracks at all) and only receive the
 * host's picture and sound. Connection and failures (`library`, `refused`, `expired`, `devices`, `failed`):
 * video/jitsi.ts.
 */
export class LiveJitsi {
  private link: JitsiLink | null = null
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

  start() {
    // Viewers start muted and never ask for a camera: a broadcast, not a meeting.
    const conference = this.host ? { p2p: { enabled: false } }
      : { p2p: { enabled: false }, startAudioMuted: true, startVideoMuted: true }
    this.link = new JitsiLink(this.answer, {
      conference,
      localTracks: async (J) => {
        if (!this.host) return []
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const tracks: any[] = await J.createLocalTracks({ devices: ['audio', 'video'] })
        this.onLocal(new MediaStream(tracks.map((t) => t.getTrack())))
        return tracks
      },
      freshToken: this.freshToken,
      onRemoteTrack: (track) => {
        this.remote.addTrack(track)
        this.onRemote(this.remote)
      },
      onJoined: () => this.onJoined(),
      onProblem: (code) => this.onProblem(code),
    })
    return this.link.connect()
  }

  async leave() {
    const link = this.link
    this.link = null
    await link?.leave()
  }
}
