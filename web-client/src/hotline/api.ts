import { i18n } from '../i18n'
import { ApiError } from '../api/http'
import { errorMessage } from '../api/errors'

/** A talk-now request as its student sees it. */
export interface TalkStatus {
  id: string
  sessionId: string
  state: 'waiting' | 'taken' | 'ended'
  position?: number
  waitMinutes?: number
  onDuty: number
  showPhones: boolean
}

export interface QueueItem { id: string; position: number; risk: number; anonymous: boolean; label: string; waitingSeconds: number }
export interface AlertItem { id: string; source: string; sessionId: string; level: number; terms: string[]; raisedAt: string; tier: number; dueAt: string }
export interface ChatItem { id: string; sessionId: string; risk: number; label: string; holder: boolean; caseId?: string }
export interface CaseItem {
  id: string; status: string; level: number; talkId?: string; assigneeId: string; openedAt: string
  timeline: Array<{ at: string; by: string; action: string; details: Record<string, unknown> }>
  referrals?: Array<{ kind: string; facility: string; at: string }>
  myReveals?: RevealItem[]
}
export interface RevealItem { id: string; caseId: string; requesterId: string; reason: string; imminent: boolean; state: string }
export interface Identity { known: boolean; name?: string; school?: string; grade?: number; guardians?: Array<{ name: string; contact: string }> }
export interface Console {
  queue: QueueItem[]; alerts: AlertItem[]; chats: ChatItem[]; cases: CaseItem[]; reveals: RevealItem[]
  onDuty: Array<{ id: string; duty: string }>
  me: { duty: string | null; available: boolean; chatCap: number; chats: number }
}

/** The hotline's own problem codes first, then the shared translation. */
export function hotlineError(e: unknown): string {
  const { t, te } = i18n.global
  if (e instanceof ApiError && e.problem.code && te(`hotlineDesk.code.${e.problem.code}`)) {
    return t(`hotlineDesk.code.${e.problem.code}`)
  }
  return errorMessage(e)
}
