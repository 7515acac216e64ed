/** Livestream and course shapes as the live-service answers them (docs/realtime.md, "Livestreams"). */
export type StreamState = 'SCHEDULED' | 'LIVE' | 'ENDED' | 'REPLAY'

export interface Livestream {
  id: string
  title: string
  description: string
  hostName: string
  lessonId?: string
  state: StreamState
  scheduledAt: string
  replayUrl?: string
  chatOpen: boolean
  slowModeSeconds: number
  moderated: boolean
  watching: number
  isHost: boolean
}

export interface LiveQuestion {
  id: string
  text?: string
  askerLabel?: string
  state: 'pending' | 'held' | 'approved' | 'answered' | 'dismissed' | 'diverted'
  votes: number
  createdAt: string
  answer?: string
  spoken?: boolean
  voted?: boolean
  mine?: boolean
  personalInfo?: string[]
}

export interface LiveChatLine {
  id: string
  label: string
  host: boolean
  text: string
  at: string
}

interface CourseBase {
  id: string
  title: string
  summary: string
  audience: 'student' | 'parent'
  required: boolean
  requiredForMe: boolean
  enrolled: boolean
}

/** A course in the catalogue: counts only. */
export interface Course extends CourseBase {
  lessons: number
  completed: number
}

/** One course opened: its lessons in order. */
export interface CourseDetail extends CourseBase {
  lessons: CourseLesson[]
}

export interface CourseLesson {
  id: string
  order: number
  title: string
  summary: string
  speaker: string
  gradeStage: string
  durationMinutes: number
  credits: number
  replayUrl?: string
  materials?: { title: string; text: string }[]
  completed: boolean
  completedVia?: string
}

/** How this caller sees a livestream's video (openapi.yaml StreamVideo): a Jitsi room token, or peer to peer. */
export type StreamVideo = import('../api/schema').components['schemas']['StreamVideo']
