import type { AppNotification } from '../api/types'

/** Messages the client sends. See docs/realtime.md. */
export type ClientMessage =
  | { type: 'hello'; token: string; resumeAfter: number }
  | { type: 'auth'; token: string }
  | { type: 'ping' }
  | { type: string; [k: string]: unknown }

/**
 * Error codes the server sends (docs/realtime.md): bad_message (not JSON, no type, wrong field types),
 * unauthenticated (no valid hello/auth or token expired; the server then closes with 4401),
 * unknown_type (a type the server does not know). Other codes may come later.
 */
export type ErrorCode = 'bad_message' | 'unauthenticated' | 'unknown_type' | (string & {})

/** Messages the server sends. Unknown types are passed on as 'message' events. */
export type ServerMessage =
  | { type: 'welcome'; userId: string }
  | { type: 'notification'; seq: number; notification: AppNotification }
  | { type: 'pong' }
  | { type: 'authenticated'; expiresAt: number }
  | { type: 'error'; code: ErrorCode; detail?: string }
  | { type: string; [k: string]: unknown }

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed'

export interface RealtimeEvents {
  state: ConnectionState
  welcome: { userId: string }
  notification: { seq: number; notification: AppNotification }
  /** an auth was accepted; the connection lasts until expiresAt (epoch seconds) */
  authenticated: { expiresAt: number }
  error: { code: ErrorCode; detail?: string }
  /** every server message, including types this module does not know (chat, queue, Q&A later) */
  message: ServerMessage
  /** the server closed with 4401: the token was refused */
  unauthorized: { code: number; reason: string }
}

/** Close code the server uses when the connection is not (or no longer) authenticated. */
export const CLOSE_UNAUTHENTICATED = 4401
