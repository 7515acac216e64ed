// The shapes the server answers are generated from the contract (gateway/src/main/resources/openapi.yaml) into
// schema.d.ts by openapi-typescript at every build (npm run api-types): a contract change that the code does not
// follow fails the type check. Only what the client adds itself (Problem's client fields, Page) is written here.
import type { components } from './schema'

type Schemas = components['schemas']

export type Role = Schemas['Role']

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

export type TokenResponse = Schemas['Tokens']
export type Child = Schemas['Child']
export type Me = Schemas['Me']
export type Hotline = Schemas['Hotline']
export type PublicConfig = Schemas['PublicConfig']
export type Mode = Schemas['Mode']
export type Slot = Schemas['Slot']
export type ExpertSummary = Schemas['ExpertSummary']
export type ExpertDetail = Schemas['ExpertDetail']

export interface Page<T> {
  items: T[]
  total: number
  page?: number
  size?: number
}

export type BookingStatus = Schemas['BookingStatus']
export type Booking = Schemas['Booking']
export type BookingList = Schemas['BookingList']
export type Schedule = Schemas['Schedule']
export type SimilarExpert = Schemas['SimilarExpert']
export type Alternatives = Schemas['Alternatives']
export type CalendarFeed = Schemas['CalendarFeed']
export type WaitlistEntry = Schemas['WaitlistEntry']
export type Consent = Schemas['Consent']
export type ConsentNotice = Schemas['ConsentNotice']
export type TranscriptDecision = Schemas['TranscriptDecision']
export type TranscriptSummary = Schemas['TranscriptSummary']
export type Transcript = Schemas['Transcript']
export type SessionNote = Schemas['SessionNote']
export type Availability = Schemas['Availability']
export type WeeklyRule = Availability['weekly'][number]
export type AvailabilityException = Availability['exceptions'][number]
export type AppNotification = Schemas['Notification']
export type NotificationList = Schemas['NotificationList']
export type Lesson = Schemas['Lesson']
export type AdminOverview = Schemas['AdminOverview']
export type PasswordReset = Schemas['PasswordReset']
export type Session = Schemas['Session']
export type VideoAnswer = Schemas['VideoAnswer']
