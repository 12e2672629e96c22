// The security suite's shared vocabulary: the objects a route's id can name, which path segment names
// which kind, and what each side of the world holds. makeSecurityWorld (securityWorld.ts) builds them.
import type request from 'supertest'
import type { Role } from '../../server/roles'

export type Agent = ReturnType<typeof request.agent>

/** A small, well-formed PDF: one empty A4 page. */
export const SMALL_PDF = Buffer.from(
  [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj',
    'trailer << /Root 1 0 R >>',
    '%%EOF',
    '',
  ].join('\n'),
  'latin1',
)

/** The objects a route's id can name. */
export interface Objects {
  court: string
  sitting: string
  person: string
  order: string
  requirement: string
  /** A hearing review, listed in `sitting`, with a submitted report and the provider's update. */
  review: string
  /** A review decided on paper by a single justice of `court`. */
  paperReview: string
  /** A hearing review that was held, with an outcome (what "change the outcome" needs). */
  heldReview: string
  document: string
  user: string
  organisation: string
  /** An email the world's changes queued (admins see every one). */
  email: string
  /** The secret in a provider worker's calendar feed address (their organisation's hearings). */
  calendarFeed: string
  /** A drug test of `person`, recorded by the side's provider worker. */
  drugTest: string
  /** An open warrant, issued when a person missed a hearing in the past sitting. */
  warrant: string
  /** A breach the side's officer laid on the absent person's requirement, not yet decided. */
  breach: string
  /** An open application by the side's officer to revoke the absent person's requirement early (Sch 10 para 14). */
  application: string
}

export type ObjectKind = keyof Objects

/** What the segment before an id in a path names; a segment not here fails the suite. */
export const KIND_OF_SEGMENT: Record<string, ObjectKind> = {
  courts: 'court',
  sittings: 'sitting',
  people: 'person',
  orders: 'order',
  requirements: 'requirement',
  reviews: 'review',
  'paper-reviews': 'paperReview',
  documents: 'document',
  users: 'user',
  organisations: 'organisation',
  'calendar-feed': 'calendarFeed',
  mail: 'email',
  'drug-tests': 'drugTest',
  warrants: 'warrant',
  breaches: 'breach',
  applications: 'application',
}

/** Kinds whose id is itself the credential (a secret address): the only ones a public route may take. */
export const SECRET_KINDS: readonly ObjectKind[] = ['calendarFeed']

export interface Side {
  users: Record<Role, { id: string; email: string }>
  objects: Objects
  /** Words only this side's users may see: names, CRNs, the court. */
  words: string[]
  /** Only a test's tester may correct or withdraw it: the officer's own test of `person` (`drugTest` is the provider's). */
  officerDrugTest: string
}
