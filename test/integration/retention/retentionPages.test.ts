import { createTestContext, csrfFrom, signIn, submitForm, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { decode, errorSummary } from '../../support/html'
import { fillPerson, sharedRows } from './retentionWorld'

// The administrator's retention pages (Data Protection Act 2018 s.39(2): periodic review; s.47(2): a
// legal hold restricts instead of erasing): who is due for deletion in the next 30 days or overdue, the
// periods (whole years from 1 to 100, each wrong field named), and placing and lifting a hold, audited.

let ctx: TestContext
let admin: { id: string; email: string }
let clerk: { id: string; email: string }
let overdue: Map<string, string>
let soon: Map<string, string>

beforeAll(async () => {
  // Today is 8 December 2026: with the defaults, drug tests go 6 years and a day after the last order ends.
  ctx = await createTestContext({ now: '2026-12-08T10:00:00Z' })
  admin = await makeUser(ctx.services, 'admin')
  clerk = await makeUser(ctx.services, 'clerk')
  const shared = await sharedRows(ctx.db, '2019-01-07T10:00:00.000Z')
  const ended = (endsOn: string) => ({ sentence_order: { ends_on: endsOn } })
  overdue = await fillPerson(ctx.db, shared, 'RTOVERD', ended('2020-11-01'), ['legal_hold'])
  soon = await fillPerson(ctx.db, shared, 'RTSOONN', ended('2020-12-20'), ['legal_hold'])
  await fillPerson(ctx.db, shared, 'RTLATER', ended('2021-02-01'), ['legal_hold'])
})

afterAll(async () => {
  await ctx.close()
})

describe('Records due for deletion', () => {
  it('when an admin opens it, then it lists the overdue and the next 30 days’ people with what happens to which records, and is audited', async () => {
    const agent = await signIn(ctx.app, admin.email)
    const res = await agent.get('/admin/retention')
    expect(res.status).toBe(200)
    const text = decode(res.text)
    expect(text).toContain('RTOVERD-name')
    expect(text).toContain('RTSOONN-name')
    expect(text).not.toContain('RTLATER-name')
    expect(text).toContain('Drug test results: 2 records deleted Monday 2 November 2026 (overdue by 36 days)')
    expect(text).toContain('Drug test results: 2 records deleted Monday 21 December 2026 (in 13 days)')
    expect(text).toContain('s.39')
    const rows = await ctx.db('audit_event').where({ action: 'view_retention_due', user_id: admin.id })
    expect(rows).toHaveLength(1)
    expect(JSON.parse(rows[0].detail).personIds).toEqual(
      expect.arrayContaining([overdue.get('person'), soon.get('person')]),
    )
  })

  it('when a clerk asks for any retention page, then 403', async () => {
    const agent = await signIn(ctx.app, clerk.email)
    for (const path of [
      '/admin/retention',
      '/admin/retention/settings',
      `/admin/retention/people/${soon.get('person')}`,
    ])
      expect((await agent.get(path)).status).toBe(403)
    const page = await agent.get('/people')
    const res = await agent
      .post(`/admin/retention/people/${soon.get('person')}/hold`)
      .type('form')
      .send({ reason: 'x', _csrf: csrfFrom(page.text) })
    expect(res.status).toBe(403)
    expect(await ctx.db('legal_hold').where({ person_id: soon.get('person') })).toHaveLength(0)
  })
})

describe('How long records are kept', () => {
  it('when the years are not whole numbers from 1 to 100, then the error summary names each field and keeps what was typed', async () => {
    const agent = await signIn(ctx.app, admin.email)
    const res = await submitForm(agent, '/admin/retention/settings', {
      drug_tests: '0',
      notes: '6',
      reports: 'six',
      packs: '6',
      case_record: '7',
      audit: '101',
    })
    expect(res.status).toBe(303)
    const page = await agent.get(res.headers.location)
    expect(errorSummary(page.text)).toEqual([
      '#drug_tests: Drug test results: enter a whole number of years from 1 to 100',
      '#reports: Reports, provider updates and statements: enter a whole number of years from 1 to 100',
      '#audit: Audit log: enter a whole number of years from 1 to 100',
    ])
    expect(page.text).toContain('value="six"')
    expect((await ctx.db('retention_setting').where({ kind: 'drug_tests' }).first()).years).toBe(6)
  })

  it('when they are, then they are saved with who changed them, audited, and the due list uses them', async () => {
    const agent = await signIn(ctx.app, admin.email)
    const res = await submitForm(agent, '/admin/retention/settings', {
      drug_tests: '5',
      notes: '6',
      reports: '6',
      packs: '6',
      case_record: '7',
      audit: '7',
    })
    expect(res.headers.location).toBe('/admin/retention')
    const row = await ctx.db('retention_setting').where({ kind: 'drug_tests' }).first()
    expect({ years: Number(row.years), by: row.updated_by }).toEqual({ years: 5, by: admin.id })
    const audit = await ctx.db('audit_event').where({ action: 'update_retention_settings', user_id: admin.id }).first()
    expect(JSON.parse(audit.detail)).toEqual(
      expect.objectContaining({
        before: expect.objectContaining({ drug_tests: 6 }),
        after: expect.objectContaining({ drug_tests: 5 }),
      }),
    )
    // Five years: the person whose order ends in February 2021 is overdue too now.
    expect(decode((await agent.get('/admin/retention')).text)).toContain('RTLATER-name')
    await submitForm(agent, '/admin/retention/settings', {
      drug_tests: '6',
      notes: '6',
      reports: '6',
      packs: '6',
      case_record: '7',
      audit: '7',
    })
  })
})

describe('Legal hold', () => {
  it('when an admin places a hold without a reason, then the reason is asked for; with one, it is placed, audited, shown, and the job keeps their records', async () => {
    const agent = await signIn(ctx.app, admin.email)
    const person = overdue.get('person')!
    const hold = `/admin/retention/people/${person}`
    const empty = await submitForm(agent, hold, { reason: '  ' }, `${hold}/hold`)
    expect(errorSummary((await agent.get(empty.headers.location)).text)).toEqual([
      '#reason: Enter why the records must be kept',
    ])

    await submitForm(agent, hold, { reason: 'Appeal against sentence pending' }, `${hold}/hold`)
    const page = decode((await agent.get(hold)).text)
    expect(page).toContain('A legal hold is in force')
    expect(page).toContain('Appeal against sentence pending')
    expect(await ctx.db('audit_event').where({ action: 'place_legal_hold', person_id: person })).toHaveLength(1)
    expect(decode((await agent.get('/admin/retention')).text)).toContain('On hold')

    // A second hold while one is in force is refused (one at a time).
    const again = await submitForm(agent, hold, { reason: 'Twice' }, `${hold}/hold`)
    expect(errorSummary((await agent.get(again.headers.location)).text)).toEqual([
      '#form: A legal hold is already in force on this person’s records',
    ])

    const result = await ctx.services.retentionJob.run()
    expect(result.peopleHeld).toBe(1)
    expect(await ctx.db('drug_test').where({ person_id: person })).toHaveLength(1)
    // The one due in 13 days kept its drug tests.
    expect(await ctx.db('drug_test').where({ person_id: soon.get('person') })).toHaveLength(1)

    await submitForm(agent, hold, { liftReason: 'Appeal dismissed' }, `${hold}/hold/lift`)
    expect(decode((await agent.get(hold)).text)).toContain('Earlier holds')
    expect(await ctx.db('audit_event').where({ action: 'lift_legal_hold', person_id: person })).toHaveLength(1)
    await ctx.services.retentionJob.run()
    expect(await ctx.db('drug_test').where({ person_id: person })).toHaveLength(0)
  })
})
