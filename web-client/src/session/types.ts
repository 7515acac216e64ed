import type { Session as ContractSession, VideoAnswer as ContractVideoAnswer } from '../api/types'

/** A counseling session as the server shows it to one of its two people (docs/realtime.md, "Chat"); from the contract. */
export type Session = ContractSession
export type SessionState = Session['state']

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

/** How to join the video: peer-to-peer with ICE servers, or a Jitsi room with its token (from the contract). */
export type VideoAnswer = ContractVideoAnswer

export const FINAL_STATES: SessionState[] = ['ended', 'no_show', 'cancelled', 'aborted']
