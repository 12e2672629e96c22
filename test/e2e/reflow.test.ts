import type { BrowserContext, Page } from 'playwright-core'
import {
  DEMO_USERS,
  describeJourney,
  expectNoAxeViolations,
  startWorld,
  textOf,
  type E2eWorld,
} from './support/browserJourney'
import { paths } from '../../server/paths'
import type { Role } from '../../server/roles'

// WCAG 2.2 1.4.10 Reflow: at 320 CSS pixels nothing but a data table may scroll sideways, and a table that
// does scrolls in its own box, which a keyboard can reach and a screen reader names. axe cannot see this,
// so every page each role reaches is measured at 320 and at 1280 pixels, and checked with axe at both.
const NARROW = { width: 320, height: 800 }
const WIDE = { width: 1280, height: 900 }

let world: E2eWorld

/** What the page would scroll sideways, and any box that scrolls sideways without being a named, focusable region. */
async function reflowFaults(page: Page): Promise<{ pageWidth: number; unnamedScrollers: string[] }> {
  return page.evaluate(() => ({
    pageWidth: document.documentElement.scrollWidth,
    unnamedScrollers: Array.from(document.querySelectorAll<HTMLElement>('body *'))
      .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth)
      .filter(e => {
        // A named region (role="region" and aria-label), or a figure named by its caption.
        const named =
          (e.getAttribute('role') === 'region' &&
            Boolean(e.getAttribute('aria-label') || e.getAttribute('aria-labelledby'))) ||
          (e.tagName === 'FIGURE' && Boolean(e.querySelector('figcaption')?.textContent?.trim()))
        return !(e.tabIndex === 0 && named)
      })
      .map(e => `${e.tagName.toLowerCase()}.${e.className}`),
  }))
}

/** The page in front of the user, wide then narrow: no sideways scroll of the page, and no axe finding. */
async function checkBothWidths(page: Page, label: string): Promise<void> {
  for (const size of [WIDE, NARROW]) {
    await page.setViewportSize(size)
    const faults = await reflowFaults(page)
    expect({ page: label, width: size.width, ...faults }).toEqual({
      page: label,
      width: size.width,
      pageWidth: size.width,
      unnamedScrollers: [],
    })
    await expectNoAxeViolations(page, `${label} at ${size.width}px`)
  }
}

async function signedIn(role: Role): Promise<{ context: BrowserContext; page: Page }> {
  const context = await world.browser.newContext({ baseURL: world.baseUrl, viewport: WIDE, locale: 'en-GB' })
  context.setDefaultTimeout(10000)
  const page = await context.newPage()
  await page.goto(paths.signIn)
  await page.getByLabel('Email address').fill(DEMO_USERS[role])
  await page.getByLabel('Password').fill(world.ctx.config.demoPassword)
  await Promise.all([
    page.waitForURL(url => url.pathname !== paths.signIn),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ])
  return { context, page }
}

/** The addresses of the role's service navigation, as the header offers them. */
async function menuLinks(page: Page): Promise<string[]> {
  return page
    .getByRole('navigation', { name: 'Menu' })
    .getByRole('link')
    .evaluateAll(links => links.map(a => (a as HTMLAnchorElement).pathname))
}

/** The first link matching a selector on a page, as an address to visit. */
async function firstHref(page: Page, from: string, selector: string): Promise<string> {
  await page.goto(from)
  const href = await page.locator(selector).first().getAttribute('href')
  if (!href) throw new Error(`no link ${selector} on ${from}`)
  return href
}

type DetailPages = (page: Page) => Promise<string[]>

/** The main detail pages each role reaches from its lists, found as a user would, by following links. */
const DETAIL_PAGES: Record<Role, DetailPages> = {
  clerk: async page => {
    // A sitting with people listed: the court list, its print and its pack, and a person on it.
    const week = await firstHref(page, paths.calendar, '[data-qa=week-view]')
    await page.goto(`${paths.calendar}?month=2026-04`)
    const sitting = await page
      .locator('[data-qa^="sitting-"]')
      .filter({ hasNotText: /\b0 of \d+ booked/ })
      .first()
      .getByRole('link')
      .getAttribute('href')
    if (!sitting) throw new Error('no sitting with people listed in April 2026')
    const person = await firstHref(page, sitting, '[data-qa=court-list] [data-qa=person] a')
    return [
      week,
      sitting,
      paths.sittings.print(sitting.split('/')[2]),
      paths.packs.sitting(sitting.split('/')[2]),
      person,
      `${person}/audit`,
      `${paths.people.search}?q=morgan`,
      // When things go wrong: amending the requirement, and the warrants list.
      await firstHref(page, person, '[data-qa=amend]'),
    ]
  },
  probation: async page => {
    const person = await firstHref(page, paths.caseload, '[data-qa=caseload] [data-qa=person] a')
    const report = await firstHref(page, paths.caseload, '[data-qa=write-report]')
    const layBreach = await firstHref(page, person, '[data-qa=lay-breach]')
    return [person, report, paths.notes.list(person.split('/')[2]), layBreach]
  },
  provider: async page => {
    const person = await firstHref(page, paths.clients, '[data-qa=client-row] a')
    return [person, paths.provider.tests(person.split('/')[2]), paths.provider.upload]
  },
  sentencer: async page => {
    const sitting = await firstHref(page, paths.mySittings, '[data-qa=my-sittings] a[href^="/sittings/"]')
    const paper = await firstHref(page, paths.sentencer.paperReviews, '[data-qa=paper-queue] a')
    return [sitting, paths.packs.sitting(sitting.split('/')[2]), paper]
  },
  admin: async page => {
    const user = await firstHref(page, paths.admin.users, '[data-qa=users] a')
    const message = await firstHref(page, paths.admin.mail, '[data-qa=mail] a')
    return [user, message]
  },
}

/** Every page of one role, both widths: the header's menu first, then each page of the menu and the detail pages. */
async function visitEveryPage(role: Role): Promise<void> {
  const { context, page } = await signedIn(role)
  try {
    // The header: at 320 pixels the menu and the account links fold behind "Menu".
    await page.setViewportSize(NARROW)
    const signOut = page.locator('header').getByRole('button', { name: 'Sign out' })
    expect(await signOut.isVisible()).toBe(false)
    await page.locator('header').getByRole('button', { name: 'Menu' }).click()
    expect(await signOut.isVisible()).toBe(true)
    expect(await textOf(page.locator('[data-qa=signed-in-user]'))).toMatch(/\(.+\)$/)
    await checkBothWidths(page, `${role}'s home with the menu open`)

    const pages = [...new Set([...(await menuLinks(page)), ...(await DETAIL_PAGES[role](page))])]
    expect(pages).toContain(paths.account)
    for (const address of pages) {
      const res = await page.goto(address)
      expect({ address, status: res?.status() }).toEqual({ address, status: 200 })
      await checkBothWidths(page, `${role}: ${address}`)
    }
  } finally {
    await context.close()
  }
}

const ROLES = Object.keys(DEMO_USERS) as Role[]
// The five people browse at once, each in their own browser context: the checks wait on pages and axe far
// more than they compute, so the file runs in about the time of its longest journey.
let visits: Record<Role, Promise<Error | null>>

describeJourney('every page at 320 and 1280 pixels wide (WCAG 2.2 1.4.10 Reflow)', () => {
  // About 45 pages, each checked with axe twice: well within a minute on a quiet 2-core machine, but the five
  // journeys share it, and on a loaded one each may take longer than a single journey's 90 seconds.
  jest.setTimeout(180000)
  beforeAll(async () => {
    world = await startWorld()
    visits = Object.fromEntries(
      ROLES.map(role => [
        role,
        visitEveryPage(role).then(
          () => null,
          (e: Error) => e,
        ),
      ]),
    ) as Record<Role, Promise<Error | null>>
  })

  afterAll(async () => {
    if (visits) await Promise.all(Object.values(visits))
    await world?.close()
  })

  const WHO: Record<Role, string> = {
    clerk: 'court clerk',
    probation: 'probation officer',
    provider: 'treatment provider',
    sentencer: 'magistrate',
    admin: 'administrator',
  }
  it.each(ROLES.map(role => ({ role, who: WHO[role] })))(
    'when the $who visits every page of their menu and the main detail pages, then none scrolls sideways at 320 pixels and axe finds nothing at either width',
    async ({ role }) => {
      const failure = await visits[role]
      if (failure) throw failure
    },
  )

  it('when someone not signed in follows the footer links, then the accessibility statement, privacy notice and cookies page open and reflow', async () => {
    const context = await world.browser.newContext({ baseURL: world.baseUrl, viewport: WIDE, locale: 'en-GB' })
    const page = await context.newPage()
    try {
      await page.goto(paths.signIn)
      const footer = page.locator('footer')
      const pages = [
        ['Accessibility statement', /^Accessibility statement for Manage drug rehabilitation reviews$/],
        ['Privacy notice', /^Privacy notice$/],
        ['Cookies', /^Cookies$/],
      ] as const
      for (const [link, heading] of pages) {
        await Promise.all([page.waitForEvent('load'), footer.getByRole('link', { name: link, exact: true }).click()])
        expect(await textOf(page.locator('main h1'))).toMatch(heading)
        await expect(page.locator('header').getByRole('button', { name: 'Sign out' }).count()).resolves.toBe(0)
        await checkBothWidths(page, `signed out: ${link}`)
        await page.setViewportSize(WIDE)
      }
      // The statement is honest about what is not yet accessible, and the cookies page names both cookies.
      await page.goto(paths.accessibility)
      expect(await textOf(page.locator('main'))).toMatch(
        /partially compliant with the Web Content Accessibility Guidelines version 2\.2/,
      )
      await page.goto(paths.cookies)
      expect(await page.locator('[data-qa=cookies] tbody th').allInnerTexts()).toEqual([
        '__Host-session',
        '__Host-csrf',
      ])
    } finally {
      await context.close()
    }
  })
})
