export type Role = 'student' | 'parent' | 'expert' | 'hotline' | 'admin'

export interface Problem {
  type?: string
  title?: string
  status: number
  detail?: string
  requestId?: string
  /** stable, translated by the client (errors.code.*) */
  code?: string
  /** the language the server wrote `detail` in (its Content-Language), set by the client */
  detailLang?: string
  retryAfter?: number
  /** for 422s: why the request could not be done (past, too_soon, too_far, outside_rules, off_grid, daily_cap, upcoming_cap, taken, student_busy) */
  reason?: string
  errors?: unknown
}

export interface TokenResponse {
  accessToken: string
  refreshToken: string
  expiresIn: number
  pseudonym?: string
}

export interface Child {
  id: string
  displayName: string
  grade?: string | number
  school?: string
  under14: boolean
  guardianConsent: boolean
}

export interface Me {
  id: string
  role: Role
  displayName: string
  anonymous: boolean
  pseudonym?: string
  grade?: string | number
  school?: string
  /** A student's choice whether linked parents see that their bookings exist (never what). */
  shareBookingsWithParents?: boolean
  children?: Child[]
  /** a student under 14: a guardian must consent before the first session */
  under14?: boolean
}

export interface Hotline {
  number: string
  label: string
  labelEn?: string
}

export interface PublicConfig {
  hotlines: Hotline[]
  defaultTimeZone: string
  policyVersion: string
}

export type Mode = 'chat' | 'video'

export interface Slot {
  start: string
  end: string
  available?: boolean
}

export interface ExpertSummary {
  id: string
  name: string
  gender?: string
  title?: string
  avatarUrl?: string | null
  specialties: string[]
  gradeBands: string[]
  languages: string[]
  modes: Mode[]
  rating?: { average: number; count: number }
  /** the next free slot's start; the server sends it as nextFree (older builds: nextFreeSlot) */
  nextFree?: string | null
  nextFreeSlot?: string | null
}

export interface ExpertDetail extends ExpertSummary {
  bio?: string
  qualifications?: string[]
  nextFreeSlots?: Slot[]
}

export interface Page<T> {
  items: T[]
  total: number
  page?: number
  size?: number
}

export type BookingStatus = 'confirmed' | 'cancelled' | 'completed' | 'no_show'

export interface Booking {
  id: string
  expertId: string
  expertName: string
  studentId: string
  studentName: string
  bookedBy: string
  bookedByRole?: Role
  start: string
  end: string
  mode: Mode
  topic: string
  status: BookingStatus
  late: boolean
  note?: string
  createdAt: string
  /** changes (cancel, reschedule) up to this instant are free; later ones count as late */
  freeChangeUntil?: string
  guardianConsentRequired?: boolean
  cancelledAt?: string
  cancelledBy?: string
  cancelledByRole?: Role
  cancelReason?: string | null
  /** how the expert sees the student: by name, or by the pseudonym in studentLabel */
  anonymity?: 'name' | 'pseudonym'
  studentLabel?: string
  /** the web client's page of this booking's session */
  joinPath?: string
  /** whether this caller may cancel or reschedule it (a parent may only look at a teen's shared booking) */
  mayChange?: boolean
}

export interface SimilarExpert {
  expertId: string
  name: string
  avatarUrl?: string | null
  slots: Slot[]
}

export interface Alternatives {
  sameExpert: Slot[]
  similarExperts: SimilarExpert[]
}

export interface CalendarFeed {
  exists: boolean
  issuedAt: string | null
  /** only in the answer to POST: the secret address is shown once */
  url?: string
}

export interface WaitlistEntry {
  id: string
  expertId: string
  expertName: string
  date: string
  status: 'waiting' | 'offered' | 'booked' | 'expired'
  offer?: { start: string; end: string; expiresAt: string }
}

export interface Consent {
  id: string
  subjectId: string
  kind: string
  policyVersion: string
  grantedAt: string
  withdrawnAt: string | null
}

export interface WeeklyRule {
  day: number
  start: string
  end: string
}

export interface AvailabilityException {
  date: string
  kind: 'off' | 'extra'
  start?: string
  end?: string
}

export interface Availability {
  timeZone: string
  slotMinutes: number
  bufferMinutes: number
  minNoticeMinutes: number
  horizonDays: number
  dailyCap: number
  weekly: WeeklyRule[]
  exceptions: AvailabilityException[]
}

export interface AppNotification {
  id: string
  seq: number
  type: string
  title: string
  body: string
  data?: Record<string, unknown>
  createdAt: string
  readAt: string | null
}

export interface Lesson {
  id: string
  title: string
  series: 'student' | 'parent'
  gradeStage?: string
  durationMinutes: number
  summary?: string
}

export interface AdminOverview {
  experts: number
  students: number
  parents: number
  bookingsUpcoming: number
  bookingsToday: number
  cancelledLast7Days: number
}
