import type { VideoAnswer } from './types'
import { JitsiLink } from '../video/jitsi'

type JitsiAnswer = Extract<VideoAnswer, { provider: 'jitsi' }>

/**
 * A counseling session's Jitsi call: two-way, peer to peer while only two are in the room, with the camera and
 * microphone the person chose. Connection and failures: video/jitsi.ts.
 */
export class JitsiCall {
  private link: JitsiLink | null = null
  onRemoteTrack: (track: MediaStreamTrack, kind: string) => void = () => {}
  onProblem: (code: string) => void = () => {}
  onJoined: () => void = () => {}

  constructor(
    private readonly answer: JitsiAnswer,
    private readonly freshToken: () => Promise<string>,
  ) {}

  start(devices: { cameraId?: string; micId?: string }) {
    this.link = new JitsiLink(this.answer, {
      conference: { p2p: { enabled: true } },
      localTracks: (J) => J.createLocalTracks({ devices: ['audio', 'video'], cameraDeviceId: devices.cameraId,
        micDeviceId: devices.micId }),
      freshToken: this.freshToken,
      onRemoteTrack: (track, kind) => this.onRemoteTrack(track, kind),
      onJoined: () => this.onJoined(),
      onProblem: (code) => this.onProblem(code),
    })
    return this.link.connect()
  }

  mute(kind: 'audio' | 'video', muted: boolean) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    this.link?.tracks.filter((t: any) => t.getType() === kind).forEach((t: any) => (muted ? t.mute() : t.unmute()))
  }

  async leave() {
    const link = this.link
    this.link = null
    await link?.leave()
  }
}
