import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import type { Role } from '../../roles'
import { paths } from '../../paths'
import { flash, keepForm, str, takeForm } from '../forms'
import { parseDigestForm } from './digestForm'
import { formatDateTime } from '../../utils/dates'
import { ValidationError } from '../../errors'

/** The daily digest is the clerks' list of tomorrow's sittings and their missing reports (issue 6). */
export const DIGEST_ROLES: readonly Role[] = ['clerk']

const FEED_SCOPE: Record<Role, string> = {
  clerk: 'hearings in the review sittings at your courts',
  probation: 'review hearings of the people you are the responsible officer for',
  provider: "review hearings of your organisation's clients",
  sentencer: 'review sittings you sit on',
  admin: 'no hearings: administrators are not involved in reviews',
}

const tokenRow = (t: Awaited<ReturnType<Services['auth']['tokensFor']>>[number]) => ({
  created: formatDateTime(t.createdAt),
  lastUsed: t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'Not used',
  expires: formatDateTime(t.expiresAt),
  active: t.active,
  status: t.revokedAt ? 'Revoked' : 'Expired',
  id: t.id,
})

// The signed-in user's own settings: calendar feed URL and the daily digest.
export function accountRoutes(route: RouteDeclarer, services: Services, render: Render) {
  const feeds = services.calendarFeeds

  route.get(paths.account, 'signed-in', async (req, res) => {
    const user = req.user!
    const form = takeForm(req, 'digest')
    const showDigest = DIGEST_ROLES.includes(user.role)
    const wantsDigest = showDigest ? await feeds.wantsDigest(user) : false
    const [mfa, tokens] = await Promise.all([services.mfa.status(user), services.auth.tokensFor(user.id)])
    render(req, res, 'pages/account/index', {
      title: 'Your account',
      mfa,
      tokens: tokens.map(tokenRow),
      hasFeed: await feeds.hasFeed(user),
      feedScope: FEED_SCOPE[user.role],
      clerkWithoutCourts: user.role === 'clerk' && user.courtIds.length === 0,
      showDigest,
      form,
      digestValue: str(form.values.digest) || (wantsDigest ? 'yes' : 'no'),
      digestItems: [
        { value: 'yes', text: 'Yes, send me the daily digest' },
        { value: 'no', text: 'No, do not send me the daily digest' },
      ],
    })
  })

  // The address is a secret: it is rendered straight from the POST, once, and never kept (not even
  // in the session), like an admin's one-time password. Sending the form again makes a new address.
  route.post(paths.accountCalendarFeed, 'signed-in', async (req, res) => {
    const { url } = await feeds.createFeed(req.user!, req.ip ?? null)
    render(req, res, 'pages/account/calendar-feed-created', { title: 'Your calendar feed address', feedUrl: url })
  })

  route.post(paths.accountCalendarFeedRevoke, 'signed-in', async (req, res) => {
    const revoked = await feeds.revokeFeed(req.user!, req.ip ?? null)
    flash(
      req,
      revoked
        ? 'Calendar feed address turned off. Calendars using it will stop updating.'
        : 'You had no calendar feed address.',
    )
    res.redirect(303, paths.account)
  })

  // Your own tokens only: another user's token id is not found (404), and the refusal is audited.
  route.post(paths.accountTokenRevoke, 'signed-in', async (req, res) => {
    const tokenId = str(req.body.tokenId)
    if (!tokenId) throw new ValidationError([{ field: 'tokenId', message: 'Choose the API token to revoke' }])
    await services.auth.revokeTokens(req.user!, req.user!.id, tokenId)
    flash(req, 'API token revoked: programs using it can no longer sign in with it.')
    res.redirect(303, `${paths.account}#api-tokens`)
  })

  route.post(paths.accountDigest, DIGEST_ROLES, async (req, res) => {
    const values = { digest: str(req.body.digest) }
    try {
      const wanted = parseDigestForm(req.body)
      await feeds.setDigest(req.user!, wanted, req.ip ?? null)
      flash(req, wanted ? 'You will get the daily digest email.' : 'You will not get the daily digest email.')
    } catch (err) {
      keepForm(req, 'digest', err, values)
    }
    res.redirect(303, paths.account)
  })

  // Public: calendar apps fetch it without a session. The token is the only credential; an unknown,
  // revoked or disabled user's token gets the same bare 404.
  route.get(paths.calendarFeed(':token'), 'public', async (req, res) => {
    const feed = await feeds.feedFor(req.params.token)
    res.setHeader('Cache-Control', 'no-store')
    if (feed === null) {
      res.status(404).type('text/plain; charset=utf-8').send('Not found')
      return
    }
    res
      .status(200)
      .type('text/calendar; charset=utf-8')
      .setHeader('Content-Disposition', 'inline; filename="drr-review-hearings.ics"')
      .send(feed)
  })
}
