/** A counseling session as the server shows it to one of its two people (docs/realtime.md, "Chat"). */
export type SessionState = 'scheduled' | 'waiting' | 'active' | 'ended' | 'no_show' | 'cancelled' | 'aborted'

export interface Session {
  id: string
  bookingId: string
  state: SessionState
  version: number
  you: 'student' | 'expert'
  mode: 'chat' | 'video'
  startsAt: string
  endsAt: string
  opensAt: string
  closesAt: string
  graceMinutes: number
  anonymity: 'name' | 'pseudonym'
  studentLabel: string
  expertName: string
  gradeBand?: string
  topic?: string
  note?: string
  serverTime: string
  feedbackGiven?: boolean
}

export interface ChatMessage {
  seq: number
  from: 'student' | 'expert'
  text: string
  at: string
  /** only on the expert's copy: what the risk screen found */
  risk?: { level: number; flagged?: boolean }
}

export interface PendingMessage {
  clientMsgId: string
  text: string
  failed?: string
  /** Automatic resends after `unavailable` (a node that went away), before the person is asked to retry. */
  autoRetries?: number
}

export type VideoAnswer =
  | { provider: 'p2p'; iceServers: RTCIceServer[] }
  | {
      provider: 'jitsi'
      token: string
      room: string
      appId: string
      domain: string
      libraryUrl: string
      serviceUrl: string
      muc: string
      displayName: string
      moderator: boolean
      expiresAt: string
    }

export const FINAL_STATES: SessionState[] = ['ended', 'no_show', 'cancelled', 'aborted']
