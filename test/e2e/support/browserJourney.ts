import fs from 'node:fs'
import path from 'node:path'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'
import AxeBuilder from '@axe-core/playwright'
import { createTestContext, type TestContext } from '../../support/testApp'
import { seedDemoData } from '../../../seeds/demo'
import { projectRoot } from '../../../server/config'
import { CHROMIUM_FLAGS, createPdfRenderer } from '../../../server/services/hearing/pdfRenderer'

/** Debian's Chromium (never a browser download); CHROMIUM_PATH points elsewhere if needed. */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const hasChromium = fs.existsSync(CHROMIUM)

/**
 * On a developer machine without Chromium the journeys are skipped, saying so; in CI (.ci/run
 * installs it) they always run, so a missing browser fails the build instead of passing quietly.
 */
export function describeJourney(name: string, body: () => void) {
  // A step is a page load, a form post, an axe check and a screenshot: on a busy 2-core machine a
  // journey's test can pass jest's default 30 seconds without anything being wrong.
  jest.setTimeout(90000)
  if (hasChromium || process.env.CI) return describe(name, body)
  console.warn(`Browser journeys skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`)
  return describe.skip(name, body)
}

/**
 * A Monday in term: the demo seed lays out Thursday review sittings from four months before
 * "now" to a year after, with orders made 0-4 months ago, so every role has work in hand.
 */
export const DEMO_NOW = '2026-03-16T10:00:00Z'

/** WCAG 2.2 AA, as axe names its rule tags (2.0, 2.1 and 2.2 A and AA). */
export const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

export const DEMO_USERS = {
  clerk: 'clerk@example.com',
  probation: 'probation@example.com',
  provider: 'provider@example.com',
  sentencer: 'magistrate@example.com',
  admin: 'admin@example.com',
} as const

export interface E2eWorld {
  ctx: TestContext
  baseUrl: string
  browser: Browser
  close(): Promise<void>
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true })
}

/** The real app on a fresh database with the demo data, listening on a free port, and one browser. */
export async function startWorld(options: { now?: string } = {}): Promise<E2eWorld> {
  // The app's PDF route renders with the same Chromium as the journeys.
  const renderer = createPdfRenderer({ executablePath: CHROMIUM })
  const ctx = await createTestContext({ now: options.now ?? DEMO_NOW, pdf: renderer })
  await seedDemoData(ctx.services, ctx.db)
  const server: Server = await new Promise(resolve => {
    const s = ctx.app.listen(0, '127.0.0.1', () => resolve(s))
  })
  const { port } = server.address() as AddressInfo
  const browser = await launchBrowser()
  return {
    ctx,
    baseUrl: `http://127.0.0.1:${port}`,
    browser,
    async close() {
      await browser.close()
      await renderer.close()
      server.closeAllConnections()
      await new Promise(resolve => server.close(resolve))
      await ctx.close()
    },
  }
}

/**
 * One person at one browser: every page they reach through `step` is checked with axe (WCAG 2.2
 * AA, no violations allowed) and photographed to test-results/e2e/<journey>/<NN-step>.png.
 */
export class Journey {
  private count = 0
  // Page loads so far, and the one last checked: a journey may not leave a page it has not checked.
  private loads = 0
  private checkedLoad = -1
  readonly screenshots: string

  private constructor(
    readonly name: string,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    this.screenshots = path.join(projectRoot, 'test-results', 'e2e', name)
    page.on('load', () => {
      this.loads += 1
    })
  }

  static async open(world: E2eWorld, name: string): Promise<Journey> {
    // axe needs a context of its own (not browser.newPage()).
    const context = await world.browser.newContext({
      baseURL: world.baseUrl,
      viewport: { width: 1280, height: 900 },
      locale: 'en-GB',
      timezoneId: 'Europe/London',
    })
    // Playwright's library waits forever by default: a missing element should fail the step, with its name. 20 s:
    // a page answers in well under a second, but on a loaded two-core machine (two jest workers, Chromium) one wait
    // once passed 10 s in a full run and passed alone.
    context.setDefaultTimeout(20000)
    const page = await context.newPage()
    const journey = new Journey(name, context, page)
    fs.rmSync(journey.screenshots, { recursive: true, force: true })
    fs.mkdirSync(journey.screenshots, { recursive: true })
    return journey
  }

  /** Signs in through the sign-in page (going there first, and checking it, unless already on it). */
  async signIn(email: string, password: string): Promise<void> {
    if (new URL(this.page.url()).pathname !== '/sign-in') {
      await this.navigate(() => this.page.goto('/sign-in'))
      await this.step('sign-in')
    }
    await this.page.getByLabel('Email address').fill(email)
    await this.page.getByLabel('Password').fill(password)
    await this.press('Sign in')
  }

  /** The header's "Sign out" button, which leads back to the sign-in page. */
  async signOut(): Promise<void> {
    await this.navigate(() => this.page.locator('header').getByRole('button', { name: 'Sign out' }).click())
    await this.step('signed-out')
  }

  /**
   * Presses a button in the main content by its name: a form's submit button, or a link drawn as a
   * button (role="button"). Never the header's "Sign out", which is a form button too.
   */
  async press(name: string | RegExp): Promise<void> {
    await this.navigate(() =>
      this.page
        .locator('main')
        .getByRole('button', { name, exact: typeof name === 'string' })
        .click(),
    )
  }

  /** Checks the page in front of the user with axe and keeps a full-page screenshot of it. */
  async step(label: string): Promise<void> {
    this.count += 1
    const file = `${String(this.count).padStart(2, '0')}-${label}.png`
    await this.page.screenshot({ path: path.join(this.screenshots, file), fullPage: true })
    await expectNoAxeViolations(this.page, `${this.name} step ${file}`)
    this.checkedLoad = this.loads
  }

  /** Fills a GOV.UK date input (a fieldset of Day, Month and Year) found by its legend. */
  async fillDate(legend: string, date: string): Promise<void> {
    const [year, month, day] = date.split('-')
    const group = this.page.getByRole('group', { name: legend, exact: true })
    await group.getByLabel('Day').fill(String(Number(day)))
    await group.getByLabel('Month').fill(String(Number(month)))
    await group.getByLabel('Year').fill(year)
  }

  /** Follows a link in the page's main content. */
  async follow(name: string | RegExp): Promise<void> {
    await this.navigate(() =>
      this.page
        .locator('main')
        .getByRole('link', { name, exact: typeof name === 'string' })
        .first()
        .click(),
    )
  }

  /** Goes to a page through the service navigation ("Menu"). */
  async menu(name: string): Promise<void> {
    await this.navigate(() =>
      this.page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name, exact: true }).click(),
    )
  }

  /**
   * Does something that loads a new page, and waits for that page: Playwright's click does not wait
   * for the navigation it starts, so waiting for "load" after it could see the old page. Refuses to
   * leave a page that has not been through `step`, so every page a journey visits is checked.
   */
  async navigate(action: () => Promise<unknown>): Promise<void> {
    if (this.loads > 0 && this.checkedLoad !== this.loads)
      throw new Error(`${this.name}: leaving ${this.page.url()} without checking it (call step first)`)
    const loaded = this.page.waitForEvent('load')
    await action()
    await loaded
  }

  /** The page's one h1, as read aloud. */
  heading(): Promise<string> {
    return textOf(this.page.locator('main h1'))
  }

  /** The success banner shown after a form is sent. */
  banner(): Promise<string> {
    return textOf(this.page.locator('[data-qa=flash]'))
  }

  /** Each row of a table as its cells' text, separated by " | ". */
  async rows(table: Locator): Promise<string[]> {
    await table.waitFor()
    return table.locator('tbody tr').evaluateAll(trs =>
      trs.map(tr =>
        Array.from(tr.querySelectorAll('th, td'))
          .map(c => (c as HTMLElement).innerText.replace(/\s+/g, ' ').trim())
          .join(' | ')
          .replace(/\s+/g, ' '),
      ),
    )
  }

  async close(): Promise<void> {
    await this.context.close()
  }
}

/** The text a user sees in an element, with runs of white space as one space. */
export async function textOf(locator: Locator): Promise<string> {
  await locator.first().waitFor()
  return (await locator.first().innerText()).replace(/\s+/g, ' ').trim()
}

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>
type AxeNode = AxeResults['violations'][number]['nodes'][number]

/**
 * The one finding the journeys accept: GOV.UK Frontend's radios script marks a radio that reveals a
 * conditional question with aria-expanded. ARIA does not list the attribute for radios, so axe fails
 * it, but GOV.UK keeps it on purpose because screen readers announce it; the Design System lists
 * axe's finding as a known issue (alphagov/govuk-frontend#979, #1280). Accepted only when
 * aria-expanded is the only attribute named, on a GOV.UK radio that controls a conditional reveal.
 */
function isGovukConditionalReveal(rule: string, node: AxeNode): boolean {
  if (rule !== 'aria-allowed-attr') return false
  const named = [...node.all, ...node.any, ...node.none].flatMap(c => (Array.isArray(c.data) ? c.data : []))
  return (
    named.length > 0 &&
    named.every(a => /^aria-expanded="(true|false)"$/.test(String(a))) &&
    /^<input class="govuk-radios__input"[^>]* type="radio"[^>]* aria-controls="conditional-/.test(node.html)
  )
}

export async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  // Legacy mode runs axe in the page itself: the app has no iframes, and the default mode opens a
  // blank page for every check, which doubles the time of the suite.
  const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).setLegacyMode(true).analyze()
  const violations = results.violations
    .map(v => ({ ...v, nodes: v.nodes.filter(n => !isGovukConditionalReveal(v.id, n)) }))
    .filter(v => v.nodes.length > 0)
  if (violations.length === 0) return
  const lines = violations.flatMap(v => [
    `- ${v.id} (${v.impact}): ${v.help} ${v.helpUrl}`,
    ...v.nodes.map(n => `    at ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}`),
  ])
  throw new Error(`axe found WCAG 2.2 AA violations on ${page.url()} (${where}):\n${lines.join('\n')}`)
}
