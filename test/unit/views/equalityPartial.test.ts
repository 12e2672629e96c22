import path from 'node:path'
import { createViews } from '../../../server/views'
import { equalityTables } from '../../../server/services/insights/equalityRules'
import { EQUALITY_DEFINITIONS, type EqualityResult } from '../../../server/services/insights/equalityService'

/** Issue 22 point 4: the dashboard's equality partial (`{{> insights/equality equality}}`), as a bench reads it. */
const views = createViews(path.resolve(__dirname, '../../../views'))
const template = views.handlebars.compile('{{> insights/equality equality}}')

const result: EqualityResult = {
  courtId: 'c',
  from: '2028-01-01',
  to: '2028-12-31',
  definitions: EQUALITY_DEFINITIONS,
  ...equalityTables([
    { sex: 'male', ethnicity: 'white', people: 10, hearings: 9, attended: 7 },
    { sex: 'female', ethnicity: 'white', people: 6, hearings: 0, attended: 0 },
    { sex: 'prefer_not_to_say', ethnicity: 'black', people: 5, hearings: 5, attended: 4 },
    { sex: null, ethnicity: 'asian', people: 4, hearings: 4, attended: 2 },
  ]),
}

const rowOf = (html: string, table: string, group: string) => {
  const t = new RegExp(`data-qa="equality-${table}"[\\s\\S]*?</table>`).exec(html)![0]
  const r = new RegExp(`data-group="${group}">([\\s\\S]*?)</tr>`).exec(t)![1]
  return [...r.matchAll(/<t[hd][^>]*>([^<]*)<\/t[hd]>/g)].map(m => m[1].trim())
}

describe('the equality partial', () => {
  const html = template({ equality: result })

  it('shows each group’s people, hearings held and share attended, and the total', () => {
    expect(rowOf(html, 'sex', 'male')).toEqual(['Male', '10', '9', '78%'])
    expect(rowOf(html, 'sex', 'female')).toEqual(['Female', '6', '0', 'No hearings'])
    expect(rowOf(html, 'sex', 'all')).toEqual(['All people', '25', '18', '72%'])
    expect(rowOf(html, 'ethnicity', 'white')).toEqual(['White', '16', '9', '78%'])
  })

  it('prints no number for a withheld group: "fewer than 5", or "withheld" for the one that would give it away', () => {
    expect(rowOf(html, 'sex', 'not_recorded')).toEqual(['Not recorded', 'fewer than 5', 'fewer than 5', 'fewer than 5'])
    expect(rowOf(html, 'sex', 'prefer_not_to_say')).toEqual(['Prefer not to say', 'withheld', 'withheld', 'withheld'])
    expect(rowOf(html, 'ethnicity', 'asian')).toEqual([
      'Asian or Asian British',
      'fewer than 5',
      'fewer than 5',
      'fewer than 5',
    ])
  })

  it('says what each table counts and how small groups are withheld, and stacks on a narrow screen', () => {
    expect(html).toContain('data-qa="equality-sex-definition"')
    expect(html).toContain('data-qa="equality-suppression"')
    expect(html).toContain('fewer than 5')
    expect((html.match(/app-table--stack/g) ?? []).length).toBe(2)
    expect(html).toContain('data-label="Hearings held"')
  })
})
