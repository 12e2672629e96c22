import fc from 'fast-check'
import { DateTime } from 'luxon'
import {
  DEFAULT_RETENTION,
  PERSON_KINDS,
  anonymiseOn,
  auditCutoff,
  dueOn,
  endedByBound,
  kindsDue,
  parseRetentionSettings,
  schedule,
} from '../../../../server/services/retention/retentionRules'

// Data Protection Act 2018 s.39(1): personal data kept no longer than necessary; s.39(2): time limits for
// reviewing the need to keep it. The periods are years after the person's last order ends.

const day = fc
  .integer({ min: 0, max: 365 * 60 })
  .map(n => DateTime.fromISO('1990-01-01').plus({ days: n }).toISODate()!)
const years = fc.integer({ min: 1, max: 100 })

describe('when a record is past keeping (s.39(1))', () => {
  it.each([
    // lastEnd, years, today, due?
    ['2020-06-30', 6, '2026-06-30', false], // exactly 6 years: still kept that day
    ['2020-06-30', 6, '2026-07-01', true], // the day after: past keeping
    ['2020-02-29', 1, '2021-02-28', false], // a leap day's anniversary is 28 February
    ['2020-02-29', 1, '2021-03-01', true],
    ['2019-02-28', 1, '2020-02-29', true], // 28 February + 1 year, in a leap year: due on the 29th
    ['2019-02-28', 1, '2020-02-28', false],
  ])('when the order ended %s and the period is %i years, then on %s it is due: %s', (lastEnd, n, today, due) => {
    expect(dueOn(lastEnd, n) <= today).toBe(due)
  })

  it('when the periods are the defaults, then drug tests go after 6 years and the person is anonymised after 7', () => {
    expect(kindsDue('2020-01-15', DEFAULT_RETENTION, '2026-01-16')).toEqual(['drug_tests', 'notes', 'reports', 'packs'])
    expect(kindsDue('2020-01-15', DEFAULT_RETENTION, '2026-01-15')).toEqual([])
    expect(kindsDue('2020-01-15', DEFAULT_RETENTION, '2027-01-16')).toContain('case_record')
  })

  it('for any dates and periods, a kind is due exactly when its years after the last order have passed, and the case record only once every kind has', () => {
    fc.assert(
      fc.property(
        day,
        day,
        fc.record({ drug_tests: years, notes: years, reports: years, packs: years, case_record: years, audit: years }),
        (lastEnd, today, periods) => {
          const passed = (n: number) => DateTime.fromISO(lastEnd).plus({ years: n }) < DateTime.fromISO(today)
          const due = kindsDue(lastEnd, periods, today)
          for (const kind of PERSON_KINDS.filter(k => k !== 'case_record'))
            expect(due.includes(kind)).toBe(passed(periods[kind]))
          const all = Math.max(...PERSON_KINDS.map(k => periods[k]))
          expect(due.includes('case_record')).toBe(passed(all))
          // Anonymised never before every other kind is due.
          if (due.includes('case_record'))
            expect(due).toEqual(expect.arrayContaining(PERSON_KINDS.filter(k => k !== 'case_record')))
          expect(anonymiseOn(lastEnd, periods) <= today).toBe(passed(all))
        },
      ),
    )
  })

  it('for any dates, the query bound never leaves out a person who is due', () => {
    // 28 February 2011 + 1 year is due on 29 February 2012, though 29 February 2012 - 1 year is the 28th.
    expect(dueOn('2011-02-28', 1) <= '2012-02-29' && '2011-02-28' <= endedByBound('2012-02-29', 1)).toBe(true)
    fc.assert(
      fc.property(day, day, years, (lastEnd, today, n) => {
        if (dueOn(lastEnd, n) <= today) expect(lastEnd <= endedByBound(today, n)).toBe(true)
      }),
    )
  })

  it('when the schedule is read, then each kind says how many days away it is (negative: overdue)', () => {
    const rows = schedule('2020-01-15', DEFAULT_RETENTION, '2026-01-06')
    expect(rows.find(r => r.kind === 'drug_tests')).toEqual({ kind: 'drug_tests', dueOn: '2026-01-16', inDays: 10 })
    expect(rows.find(r => r.kind === 'case_record')).toEqual({ kind: 'case_record', dueOn: '2027-01-16', inDays: 375 })
  })

  it('when the audit period is 7 years, then events before the same day 7 years ago are past keeping', () => {
    expect(auditCutoff(DEFAULT_RETENTION, '2026-12-08')).toBe('2019-12-08')
  })
})

describe('the settings form (whole years from 1 to 100)', () => {
  const good = { drug_tests: '6', notes: '6', reports: '6', packs: '6', case_record: '7', audit: '7' }
  it.each([
    ['0', 'too few'],
    ['101', 'too many'],
    ['2.5', 'not whole'],
    ['six', 'not a number'],
    ['', 'empty'],
    ['-3', 'negative'],
  ])('when drug test results are kept "%s" years (%s), then the field is named in the error', value => {
    const { settings, errors } = parseRetentionSettings({ ...good, drug_tests: value })
    expect(settings).toBeNull()
    expect(errors).toEqual([
      { field: 'drug_tests', message: 'Drug test results: enter a whole number of years from 1 to 100' },
    ])
  })

  it('when every answer is a whole number from 1 to 100, then they are the settings (spaces trimmed)', () => {
    expect(parseRetentionSettings({ ...good, audit: ' 100 ', notes: '1' })).toEqual({
      settings: { drug_tests: 6, notes: 1, reports: 6, packs: 6, case_record: 7, audit: 100 },
      errors: [],
    })
  })

  it('when several answers are wrong, then each is named, in the order of the form', () => {
    const { errors } = parseRetentionSettings({ ...good, packs: 'x', audit: '0' })
    expect(errors.map(e => e.field)).toEqual(['packs', 'audit'])
  })
})
