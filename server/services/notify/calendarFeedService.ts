import type { CalendarFeedRepository, FeedOwner } from '../../data/calendarFeedRepository'
import type { UnitOfWork } from '../../data/unitOfWork'
import type { Clock } from '../../utils/clock'
import type { CurrentUser } from '../../roles'
import { paths } from '../../paths'
import { randomToken, sha256 } from '../../utils/ids'
import type { AuditTrail } from './auditTrail'
import { calendarFeed, type CalendarHearing } from './calendar'
import { feedEntryPath, feedWindow } from './feedLinks'

export { FEED_DAYS_BEFORE, FEED_MONTHS_AHEAD } from './feedLinks'
const FEED_LIMIT = 5000
export const FEED_NAME = 'DRR review hearings'

// Each user's private, revocable calendar feed of the hearings they are involved in, and their
// choice about the daily digest (the two settings on the account page). Only the SHA-256 of a
// feed token is kept, so a database copy cannot be used to read anyone's calendar.
export function createCalendarFeedService(deps: {
  feeds: CalendarFeedRepository
  audit: Pick<AuditTrail, 'record'>
  uow: Pick<UnitOfWork, 'run'>
  clock: Clock
  baseUrl: string
}) {
  const { feeds, audit, uow, clock, baseUrl } = deps
  const now = () => clock.now().toISOString()

  async function hearingsFor(owner: FeedOwner): Promise<CalendarHearing[]> {
    const rows = await feeds.hearingsFor(owner, { ...feedWindow(clock.now()), limit: FEED_LIMIT })
    return rows.map(r => ({
      reviewId: r.reviewId,
      sequence: r.calendarSequence,
      startsAt: r.startsAt,
      minutes: r.slotMinutes,
      courtName: r.courtName,
      courtroom: r.courtroom,
      url: `${baseUrl}${feedEntryPath(owner.role, r)}`,
      attendance: r.attendanceMode,
    }))
  }

  const hasFeed = (user: CurrentUser): Promise<boolean> => feeds.hasFeed(user.id)

  return {
    hasFeed,

    /** A new feed address; any earlier one stops working at once. The token is shown once, never stored. */
    async createFeed(user: CurrentUser, ip: string | null): Promise<{ token: string; url: string }> {
      const token = randomToken(32)
      const replaced = await hasFeed(user)
      await uow.run(async tx => {
        await feeds.setTokenHash(user.id, sha256(token), tx)
        await audit.record(
          {
            userId: user.id,
            action: replaced ? 'replace_calendar_feed' : 'create_calendar_feed',
            subjectType: 'user',
            subjectId: user.id,
            ip,
          },
          now(),
          tx,
        )
      })
      return { token, url: `${baseUrl}${paths.calendarFeed(token)}` }
    },

    /** Stops the feed address working. Answers whether there was one. */
    async revokeFeed(user: CurrentUser, ip: string | null): Promise<boolean> {
      return uow.run(async tx => {
        const revoked = await feeds.clearTokenHash(user.id, tx)
        if (revoked)
          await audit.record(
            { userId: user.id, action: 'revoke_calendar_feed', subjectType: 'user', subjectId: user.id, ip },
            now(),
            tx,
          )
        return revoked
      })
    },

    /**
     * The feed behind a token, or null when the token is unknown, revoked or its user disabled.
     * Each fetch is one row against the owner (and their role), from the address that fetched it,
     * with the number of entries only: never the feed's address, never the cases.
     */
    async feedFor(token: string): Promise<string | null> {
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null
      const owner = await feeds.ownerByTokenHash(sha256(token))
      if (!owner) return null
      const hearings = await hearingsFor(owner)
      await audit.record(
        {
          userId: owner.id,
          role: owner.role,
          action: 'read_calendar_feed',
          personId: null,
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
      return !(await feeds.digestOptOut(user.id))
    },

    async setDigest(user: CurrentUser, wanted: boolean, ip: string | null): Promise<void> {
      await uow.run(async tx => {
        await feeds.setDigestOptOut(user.id, !wanted, tx)
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
          tx,
        )
      })
    },
  }
}

export type CalendarFeedService = ReturnType<typeof createCalendarFeedService>
