import type { Journey } from './support/browserJourney'

// What the court clerk's browser journeys (clerkOrders, clerkHearingDay .test.ts) share: the person
// they add, and the weekly series of sittings the first journey adds, which the hearing day needs.

// Not in the demo data (Leah Morgan, who once stood here, now is).
export const PERSON = 'Nadia Brooks'

/**
 * The weekly series of Tuesday sittings (24 March to 28 April 2026, 2pm, courtroom 5) that
 * clerkOrders.test.ts adds, built the same way on the pages: the hearing day's outcome brings a
 * review forward into its 21 April sitting. Starts and ends on the court calendar.
 */
export async function addWeeklySeries(clerk: Journey): Promise<void> {
  const { page } = clerk
  await clerk.follow('Add a weekly series of sittings')
  await page.getByLabel('Court', { exact: true }).selectOption({ label: 'Birmingham Magistrates’ Court' })
  await clerk.fillDate('Date of the first sitting', '2026-03-24')
  await clerk.fillDate('Date of the last sitting', '2026-04-28')
  await page.getByLabel('Start time').fill('14:00')
  await page.getByLabel('Courtroom').fill('5')
  await page.getByLabel('Number of places').fill('6')
  await page.getByLabel('Slot length').fill('20')
  await page.getByRole('checkbox', { name: 'Margaret Bell JP' }).check()
  await clerk.step('add-series')
  await clerk.press('Add the sittings')
  await clerk.step('series-added')
  await clerk.menu('Court calendar')
  await clerk.step('calendar-with-series')
}
