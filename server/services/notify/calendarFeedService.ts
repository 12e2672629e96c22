import type { Knex } from 'knex'
import { DateTime } from 'luxon'
import type { Clock } from '../../utils/clock'
import type { Config } from '../../config'
import type { createAuditRepository } from '../../data/auditRepository'
import type { CurrentUser, Role } from '../../roles'
import { paths } from '../../paths'
import { randomToken, sha256 } from '../../utils/ids'
import { calendarFeed, type CalendarHearing } from './calendar'

/** How far the feed reaches: recent hearings stay visible for a month, and a year ahead is listed. */
export const FEED_DAYS_BEFORE = 30
export const FEED_MONTHS_AHEAD = 12
const FEED_LIMIT = 5000
export const FEED_NAME = 'DRR review hearings'

// A review is a hearing in the feed while it holds a slot in a sitting that is going ahead, or was
// heard there: vacated and adjourned reviews keep their sitting_id but are no longer in it.
const HEARD_OR_LISTED = ['scheduled', 'held', 'did_not_attend']

/** Only what the feed needs to know about its owner: the token may outlive a session. */
type FeedOwner = Pick<CurrentUser, 'id' | 'role' | 'organisationId' | 'courtIds'>

// Each user's private, revocable calendar feed of the hearings they are involved in, and their
// choice about the daily digest (the two settings on the account page). Only the SHA-256 of a
// feed token is kept, so a database copy cannot be used to read anyone's calendar.
export function createCalendarFeedService(deps: {
  db: Knex
  clock: Clock
  config: Config
  audit: ReturnType<typeof createAuditRepository>
}) {
  const { db, clock, config, audit } = deps
  const now = () => clock.now().toISOString()

  /** The link a review's entry opens: the page each role works on for that hearing. */
  function linkFor(role: Role, row: { reviewId: string; sittingId: string }): string {
    const path =
      role === 'probation'
        ? paths.reports.edit(row.reviewId)
        : role === 'provider'
          ? paths.provider.update(row.reviewId)
          : role === 'sentencer'
            ? paths.packs.review(row.reviewId)
            : paths.sittings.show(row.sittingId)
    return `${config.baseUrl}${path}`
  }

  async function hearingsFor(owner: FeedOwner): Promise<CalendarHearing[]> {
    const today = DateTime.fromJSDate(clock.now(), { zone: 'utc' })
    const q = db('review as r')
      .join('sitting as s', 's.id', 'r.sitting_id')
      .join('court as c', 'c.id', 's.court_id')
      .join('requirement as q', 'q.id', 'r.requirement_id')
      .whereIn('r.status', HEARD_OR_LISTED)
      .whereNotNull('r.starts_at')
      .where('s.status', 'open')
      .whereBetween('r.starts_at', [
        today.minus({ days: FEED_DAYS_BEFORE }).toISO(),
        today.plus({ months: FEED_MONTHS_AHEAD }).toISO(),
      ])
      .orderBy([{ column: 'r.starts_at' }, { column: 'r.id' }])
      .limit(FEED_LIMIT)
      .select(
        'r.id as review_id',
        'r.calendar_sequence',
        'r.starts_at',
        's.id as sitting_id',
        's.slot_minutes',
        's.courtroom',
        'c.name as court_name',
      )
    switch (owner.role) {
      case 'probation':
        q.where('q.responsible_officer_id', owner.id)
        break
      case 'provider':
        if (!owner.organisationId) return []
        q.where('q.provider_organisation_id', owner.organisationId)
        break
      case 'sentencer':
        q.whereExists(
          db('sitting_bench as b').whereRaw('b.sitting_id = s.id').where('b.user_id', owner.id).select(db.raw('1')),
        )
        break
      case 'clerk':
        // A clerk works across the deployment's courts (DESIGN.md "Who uses it"); linked courts narrow the feed.
        if (owner.courtIds.length) q.whereIn('s.court_id', owner.courtIds)
        break
      default:
        return []
    }
    const rows = await q
    return rows.map(r => ({
      reviewId: r.review_id,
      sequence: Number(r.calendar_sequence ?? 0),
      startsAt: r.starts_at,
      minutes: Number(r.slot_minutes),
      courtName: r.court_name,
      courtroom: r.courtroom ?? null,
      url: linkFor(owner.role, { reviewId: r.review_id, sittingId: r.sitting_id }),
    }))
  }

  async function hasFeed(user: CurrentUser): Promise<boolean> {
    const row = await db('app_user').where({ id: user.id }).first('calendar_token_hash')
    return Boolean(row?.calendar_token_hash)
  }

  return {
    hasFeed,

    /** A new feed address; any earlier one stops working at once. The token is shown once, never stored. */
    async createFeed(user: CurrentUser, ip: string | null): Promise<{ token: string; url: string }> {
      const token = randomToken(32)
      const replaced = await hasFeed(user)
      await db.transaction(async trx => {
        await trx('app_user')
          .where({ id: user.id })
          .update({ calendar_token_hash: sha256(token) })
        await audit.record(
          {
            userId: user.id,
            action: replaced ? 'replace_calendar_feed' : 'create_calendar_feed',
            subjectType: 'user',
            subjectId: user.id,
            ip,
          },
          now(),
          trx,
        )
      })
      return { token, url: `${config.baseUrl}${paths.calendarFeed(token)}` }
    },

    /** Stops the feed address working. Answers whether there was one. */
    async revokeFeed(user: CurrentUser, ip: string | null): Promise<boolean> {
      return db.transaction(async trx => {
        const n = await trx('app_user')
          .where({ id: user.id })
          .whereNotNull('calendar_token_hash')
          .update({ calendar_token_hash: null })
        if (n)
          await audit.record(
            { userId: user.id, action: 'revoke_calendar_feed', subjectType: 'user', subjectId: user.id, ip },
            now(),
            trx,
          )
        return n > 0
      })
    },

    /**
     * The feed behind a token, or null when the token is unknown, revoked or its user disabled.
     * The read is recorded against the owner with the number of entries only: no address, no cases.
     */
    async feedFor(token: string): Promise<string | null> {
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null
      const row = await db('app_user')
        .where({ calendar_token_hash: sha256(token), disabled: false })
        .first('id', 'role', 'organisation_id')
      if (!row) return null
      const courtIds: string[] = await db('user_court').where({ user_id: row.id }).pluck('court_id')
      const owner: FeedOwner = { id: row.id, role: row.role, organisationId: row.organisation_id ?? null, courtIds }
      const hearings = await hearingsFor(owner)
      await audit.record(
        {
          userId: owner.id,
          action: 'read_calendar_feed',
          subjectType: 'user',
          subjectId: owner.id,
          detail: { hearings: hearings.length },
        },
        now(),
      )
      return calendarFeed(FEED_NAME, hearings, { stamp: clock.now() })
    },

    hearingsFor,

    /** Whether the user gets the daily digest. Essential notices (review changes, reminders, chases) ignore this. */
    async wantsDigest(user: CurrentUser): Promise<boolean> {
      const row = await db('app_user').where({ id: user.id }).first('digest_opt_out')
      return !row?.digest_opt_out
    },

    async setDigest(user: CurrentUser, wanted: boolean, ip: string | null): Promise<void> {
      await db.transaction(async trx => {
        await trx('app_user').where({ id: user.id }).update({ digest_opt_out: !wanted })
        await audit.record(
          {
            userId: user.id,
            action: 'set_digest',
            subjectType: 'user',
            subjectId: user.id,
            ip,
            detail: { digest: wanted },
          },
          now(),
          trx,
        )
      })
    },
  }
}

export type CalendarFeedService = ReturnType<typeof createCalendarFeedService>
