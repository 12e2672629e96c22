import type { Browser } from 'playwright-core'
import { describeJourney, expectNoAxeViolations, launchBrowser } from './support/browserJourney'

let browser: Browser

// The journeys pass only if the check can fail: here it is shown pages with known faults.
describeJourney('the accessibility check the journeys use', () => {
  beforeAll(async () => {
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
  })

  const page = async (body: string) => {
    const context = await browser.newContext()
    const p = await context.newPage()
    await p.setContent(
      `<!DOCTYPE html><html lang="en"><head><title>Check</title></head><body><main><h1>Check</h1>${body}</main></body></html>`,
    )
    return { p, close: () => context.close() }
  }

  it('when a page has an input without a label and faint text, then the check fails naming the rules and elements', async () => {
    const { p, close } = await page(
      '<form><input type="text" name="crn"></form><p style="color:#b1b4b6;background:#ffffff">Report due</p>',
    )
    try {
      const failure = await expectNoAxeViolations(p, 'a faulty page').catch((e: Error) => e.message)
      expect(failure).toMatch(/axe found WCAG 2\.2 AA violations/)
      expect(failure).toMatch(/- label \(critical\): Form elements must have labels/)
      expect(failure).toMatch(/- color-contrast \(serious\).*\n\s+at p:/)
    } finally {
      await close()
    }
  })

  it('when a page has a target smaller than 24 by 24 pixels close to another, then the WCAG 2.2 rule fails', async () => {
    const { p, close } = await page(
      '<a href="#a" style="display:inline-block;width:10px;height:10px;font-size:8px">a</a>' +
        '<a href="#b" style="display:inline-block;width:10px;height:10px;font-size:8px">b</a>',
    )
    try {
      await expect(expectNoAxeViolations(p, 'tiny targets')).rejects.toThrow(/target-size/)
    } finally {
      await close()
    }
  })

  it('when GOV.UK’s radios mark a conditional reveal with aria-expanded, then only that is let through', async () => {
    const radio = (attributes: string) =>
      '<fieldset><legend>Is progress satisfactory?</legend>' +
      '<input class="govuk-radios__input" id="yes" name="d" type="radio" value="yes"><label for="yes">Yes</label>' +
      `<input class="govuk-radios__input" id="no" name="d" type="radio" value="no" ${attributes}><label for="no">No</label>` +
      '<div id="conditional-no"><label for="why">Why</label><input id="why" type="text"></div></fieldset>'
    const govuk = await page(radio('aria-controls="conditional-no" aria-expanded="false"'))
    const other = await page(radio('aria-expanded="false"'))
    const more = await page(radio('aria-controls="conditional-no" aria-expanded="false" aria-sort="none"'))
    try {
      await expect(expectNoAxeViolations(govuk.p, 'GOV.UK conditional reveal')).resolves.toBeUndefined()
      await expect(expectNoAxeViolations(other.p, 'aria-expanded on a plain radio')).rejects.toThrow(
        /aria-allowed-attr/,
      )
      await expect(expectNoAxeViolations(more.p, 'another attribute besides')).rejects.toThrow(/aria-allowed-attr/)
    } finally {
      await Promise.all([govuk.close(), other.close(), more.close()])
    }
  })

  it('when a page is well made, then the check passes', async () => {
    const { p, close } = await page('<label for="crn">CRN</label><input id="crn" type="text" name="crn">')
    try {
      await expect(expectNoAxeViolations(p, 'a good page')).resolves.toBeUndefined()
    } finally {
      await close()
    }
  })
})
