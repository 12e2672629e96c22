import type { AuditRow } from '../../../../server/data/auditRepository'
import { describeAuditRow } from '../../../../server/services/notify/auditWords'
import { auditCsvCell, auditCsvLine } from '../../../../server/services/notify/auditCsv'

// Audit rows in words (names, not ids) and as CSV cells nobody's spreadsheet runs.

const row = (over: Partial<AuditRow>): AuditRow => ({
  id: 1,
  at: '2026-03-02T09:00:00.000Z',
  userId: 'u1',
  userName: 'Cleo Clerk',
  role: 'clerk',
  action: 'view_person',
  personId: 'p1',
  personName: 'Ada Lovelace',
  personCrn: 'X123456',
  subjectType: 'person',
  subjectId: 'p1',
  ip: '10.0.0.1',
  detail: null,
  ...over,
})

describe('an audit row in words', () => {
  it('when it is a read of a person, then who, their role, what, the person and the record are words', () => {
    expect(describeAuditRow(row({}), undefined)).toEqual(
      expect.objectContaining({
        who: 'Cleo Clerk',
        role: 'Court clerk',
        what: 'Viewed a person’s record',
        personName: 'Ada Lovelace',
        personCrn: 'X123456',
        record: 'Their record',
        ip: '10.0.0.1',
      }),
    )
  })

  it('when the subject is a review, a sitting or an order, then it is described from its facts', () => {
    const review = describeAuditRow(row({ subjectType: 'review', subjectId: 'r1' }), {
      type: 'review',
      sequence: 3,
      reviewDate: '2026-04-07',
      mode: 'paper',
    })
    const sitting = describeAuditRow(
      row({
        action: 'view_court_list',
        personId: null,
        personName: null,
        personCrn: null,
        subjectType: 'sitting',
        subjectId: 's1',
        detail: { count: 2, personIds: ['p1', 'p2'] },
      }),
      { type: 'sitting', date: '2026-04-07', courtroom: '2', courtName: 'Leeds' },
    )
    const order = describeAuditRow(row({ subjectType: 'order', subjectId: 'o1' }), {
      type: 'order',
      caseReference: 'CR1',
    })

    expect(review.record).toBe('Review 3 (7 April 2026, without a hearing)')
    expect(sitting.record).toBe('Sitting on Tuesday 7 April 2026, courtroom 2, Leeds: 2 people listed')
    expect(sitting.personName).toBe('')
    expect(order.record).toBe('Order CR1')
  })

  it('when it is a refusal, then the record says what was asked for and the answer', () => {
    const refused = describeAuditRow(
      row({
        action: 'access_refused',
        personId: null,
        personName: null,
        subjectType: null,
        subjectId: null,
        detail: { method: 'GET', path: '/people/p9', status: 404 },
      }),
      undefined,
    )

    expect([refused.what, refused.record]).toEqual([
      'Was refused access',
      'Asked to see /people/p9: not found, or not theirs to see (404)',
    ])
  })

  it('when the record is a file of tests, a warrant, or one no longer recorded, then it is named in words, never by its code', () => {
    const upload = row({ action: 'drug-test.upload', subjectType: 'upload', subjectId: 'x1', detail: { count: 16 } })
    const gone = row({ action: 'view_review', subjectType: 'review', subjectId: 'r9' })
    const odd = row({ action: 'view_review', subjectType: 'drug_test', subjectId: 'd9' })
    const warrants = row({ action: 'view_warrants', subjectType: 'warrant', subjectId: 'all' })

    expect(describeAuditRow(upload, undefined).record).toBe('A file of 16 drug tests')
    expect(describeAuditRow(gone, undefined).record).toBe('A review no longer recorded')
    expect(describeAuditRow(odd, undefined).record).toBe('A drug test no longer recorded')
    expect(describeAuditRow(warrants, undefined).record).toBe('The warrants')
  })

  it('when the address is IPv4 as an IPv6 socket gives it, then it is shown as people write it; IPv6 stays', () => {
    expect(describeAuditRow(row({ ip: '::ffff:10.0.0.7' }), undefined).ip).toBe('10.0.0.7')
    expect(describeAuditRow(row({ ip: '2001:db8::1' }), undefined).ip).toBe('2001:db8::1')
  })

  it('when the user has gone or nobody was signed in, or the action has no words yet, then it still says something true', () => {
    expect(describeAuditRow(row({ userName: null }), undefined).who).toBe('A former user')
    expect(describeAuditRow(row({ userId: null, userName: null, role: null }), undefined)).toEqual(
      expect.objectContaining({ who: 'Not signed in', role: '' }),
    )
    expect(describeAuditRow(row({ action: 'new_thing.done' }), undefined).what).toBe('New thing done')
  })
})

describe('the audit CSV', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '\0x'])(
    'ASVS 1.2.10: when a cell starts %j, then it is made inert with a leading quote',
    value => {
      expect(auditCsvCell(value).replace(/^"/, '').startsWith(`'${value[0]}`)).toBe(true)
    },
  )

  it('ASVS 1.2.10: when a cell holds a quote, a comma or a line break, then it is quoted (RFC 4180), quotes doubled', () => {
    expect(auditCsvCell('a "b", c')).toBe('"a ""b"", c"')
    expect(auditCsvCell('two\nlines')).toBe('"two\nlines"')
    expect(auditCsvCell(null)).toBe('')
    expect(auditCsvCell('Ada Lovelace')).toBe('Ada Lovelace')
  })

  it('when a row is written, then its cells are in the header’s order and the line ends CRLF', () => {
    const event = describeAuditRow(row({}), undefined)

    expect(auditCsvLine(event)).toBe(
      '2026-03-02T09:00:00.000Z,Cleo Clerk,Court clerk,Viewed a person’s record,view_person,Ada Lovelace,X123456,Their record,10.0.0.1,u1,p1\r\n',
    )
  })
})
