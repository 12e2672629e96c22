import { createTestContext, csrfFrom, submitForm, type TestContext } from '../../support/testApp'
import { decode, errorSummary, qa, textOf } from '../sittings/sittingWorld'
import { makeUser } from '../../support/factories'
import { makeNotesWorld, type NotesWorld } from './notesWorld'
import { NOTE_MAX } from '../../../server/services/progress/noteService'

let ctx: TestContext
let world: NotesWorld

const START = '2026-03-02T09:00:00Z'

beforeAll(async () => {
  ctx = await createTestContext({ now: START })
  world = await makeNotesWorld(ctx)
})

afterAll(async () => {
  await ctx.close()
})

beforeEach(() => ctx.clock.set(START))

const notesUrl = (personId: string) => `/people/${personId}/notes`

/** Each note on the page as "category | byline | text", newest first. */
const notesOn = (html: string) =>
  [...qa(html, 'notes').matchAll(/data-qa="note-[0-9a-f-]{36}">([\s\S]*?)<\/div>\s*<\/div>/g)].map(m =>
    [qa(m[1], 'note-category'), qa(m[1], 'note-byline'), qa(m[1], 'note-text')].map(textOf).join(' | '),
  )

const storedNotes = (personId: string) =>
  ctx.db('progress_note').where({ person_id: personId }).orderBy('at').select('category', 'text', 'author_id')

describe('progress notes', () => {
  it('when the officer and the provider add notes, then both agencies and the clerk read them newest first', async () => {
    const { person } = await world.addCase('Nia Notes')
    const officer = await world.agent(world.officerA.email)
    const provider = await world.agent(world.workerX.email)
    const clerk = await world.agent(world.clerk.email)

    const first = await submitForm(officer, notesUrl(person.id), { category: 'appointment', text: 'Kept the 10am.' })
    ctx.clock.set('2026-03-02T09:20:00Z')
    const second = await submitForm(provider, notesUrl(person.id), { category: 'testing', text: 'Oral fluid taken.' })

    expect([first.status, first.headers.location]).toEqual([303, notesUrl(person.id)])
    expect(second.status).toBe(303)
    const expected = [
      'Drug testing | Wren Worker, Xavier Recovery · 2 March 2026 at 9:20am | Oral fluid taken.',
      'Appointment | Olive Officer, Southtown Probation · 2 March 2026 at 9am | Kept the 10am.',
    ]
    for (const agent of [officer, provider, clerk]) {
      const page = await agent.get(notesUrl(person.id))
      expect(page.status).toBe(200)
      expect(notesOn(page.text)).toEqual(expected)
    }
    const page = await officer.get(notesUrl(person.id))
    expect(textOf(qa(page.text, 'flash'))).toBe('')
  })

  it('when a note is added, then the flash says so and the view and the addition are audited', async () => {
    const { person } = await world.addCase('Ada Audit')
    const officer = await world.agent(world.officerA.email)

    await submitForm(officer, notesUrl(person.id), { category: 'contact', text: 'Phoned.' })
    const page = await officer.get(notesUrl(person.id))

    expect(textOf(qa(page.text, 'flash'))).toContain('Note added.')
    const audit = await ctx.db('audit_event').where({ subject_id: person.id }).orderBy('id').pluck('action')
    expect(audit.filter(a => a === 'add_note' || a === 'view_notes')).toEqual(['view_notes', 'add_note', 'view_notes'])
  })

  it('when the clerk or an admin opens the notes, then they read them with no form to add one', async () => {
    const { person } = await world.addCase('Cara Clerkread')
    await ctx.services.notes.add(await world.userOf(world.officerA.id), person.id, { category: 'other', text: 'Seen.' })
    const admin = await world.agent((await makeUser(ctx.services, 'admin')).email)
    const clerk = await world.agent(world.clerk.email)

    for (const agent of [clerk, admin]) {
      const page = await agent.get(notesUrl(person.id))
      expect(page.status).toBe(200)
      expect(notesOn(page.text)).toHaveLength(1)
      expect(qa(page.text, 'note-form')).toBe('')
    }
    const post = await clerk
      .post(notesUrl(person.id))
      .type('form')
      .send({
        category: 'other',
        text: 'Clerk note',
        _csrf: csrfFrom((await clerk.get(notesUrl(person.id))).text),
      })
    expect(post.status).toBe(403)
    expect(await storedNotes(person.id)).toHaveLength(1)
  })
})

describe('who may see and write notes', () => {
  it('when another officer opens or writes to a person not theirs, then it is a 404 and nothing is stored', async () => {
    const { person } = await world.addCase('Sam Scope')
    const other = await world.agent(world.officerB.email)

    const page = await other.get(notesUrl(person.id))
    const post = await submitForm(other, '/caseload', { category: 'contact', text: 'Not mine' }, notesUrl(person.id))

    expect(page.status).toBe(404)
    expect(post.status).toBe(404)
    expect(await storedNotes(person.id)).toEqual([])
  })

  it('when a provider of another organisation opens or writes, then it is a 404; their own client is theirs', async () => {
    const { person } = await world.addCase('Pat Provider')
    const theirs = await world.addCase('Yves Yardley', { providerId: world.providerY.id })
    const other = await world.agent(world.workerY.email)

    const page = await other.get(notesUrl(person.id))
    const post = await submitForm(other, '/clients', { category: 'treatment', text: 'Not ours' }, notesUrl(person.id))
    const own = await other.get(notesUrl(theirs.person.id))

    expect(page.status).toBe(404)
    expect(post.status).toBe(404)
    expect(own.status).toBe(200)
    expect(await storedNotes(person.id)).toEqual([])
  })

  it('when a magistrate asks for notes, then it is a 403 for reading and writing, in the page and the service', async () => {
    const { person } = await world.addCase('Mo Magistrate')
    const magistrate = await world.agent(world.magistrate.email)

    const page = await magistrate.get(notesUrl(person.id))
    const post = await submitForm(magistrate, '/my-sittings', { category: 'other', text: 'x' }, notesUrl(person.id))

    expect(page.status).toBe(403)
    expect(post.status).toBe(403)
    await expect(ctx.services.notes.list(await world.userOf(world.magistrate.id), person.id)).rejects.toMatchObject({
      status: 403,
    })
    expect(await storedNotes(person.id)).toEqual([])
  })

  it('when the person does not exist, then it is a 404', async () => {
    const officer = await world.agent(world.officerA.email)

    const page = await officer.get(notesUrl('00000000-0000-4000-8000-000000000000'))

    expect(page.status).toBe(404)
  })
})

describe('what a note may say', () => {
  it('when the form is sent empty, then the error summary names both fields', async () => {
    const { person } = await world.addCase('Eve Empty')
    const officer = await world.agent(world.officerA.email)

    const post = await submitForm(officer, notesUrl(person.id), { category: '', text: '   ' })
    const page = await officer.get(notesUrl(person.id))

    expect([post.status, post.headers.location]).toEqual([303, notesUrl(person.id)])
    expect(errorSummary(page.text)).toEqual(['#category: Select a category', '#text: Enter the note'])
    expect(await storedNotes(person.id)).toEqual([])
  })

  it('when the category is missing, then the text typed is kept for the next attempt', async () => {
    const { person } = await world.addCase('Kit Kept')
    const officer = await world.agent(world.officerA.email)
    const typed = 'He said "I\'ll be there" <b>tomorrow</b>'

    await submitForm(officer, notesUrl(person.id), { category: 'nonsense', text: typed })
    const page = await officer.get(notesUrl(person.id))

    expect(errorSummary(page.text)).toEqual(['#category: Select a category'])
    const textarea = /<textarea[^>]*name="text"[^>]*>([\s\S]*?)<\/textarea>/.exec(page.text)![1]
    expect(decode(textarea)).toBe(typed)
    expect(textarea).not.toContain('<b>')
  })

  it.each([
    ['a script', '<script>alert(1)</script>'],
    ['quotes', `She said "no" and 'maybe' & left`],
    ['emoji', 'Good week 👍🏽 🎉'],
    ['Welsh accents', 'Llŷr Siôn attended with his mother, Siân.'],
    ['10000 characters', `Ŵ${'x'.repeat(9998)}🙂`],
  ])('when a note holds %s, then it is stored whole and shown escaped', async (_what, text) => {
    const { person } = await world.addCase('Hana Hostile')
    const provider = await world.agent(world.workerX.email)

    const post = await submitForm(provider, notesUrl(person.id), { category: 'safeguarding', text })
    const page = await provider.get(notesUrl(person.id))

    expect(post.status).toBe(303)
    expect((await storedNotes(person.id)).map(n => n.text)).toEqual([text])
    const shown = qa(page.text, 'note-text')
    expect(decode(shown.replace(/^<p[^>]*>|<\/p>$/g, ''))).toBe(text)
    expect(page.text).not.toContain('<script>alert(1)</script>')
    expect(page.text).not.toMatch(/<p[^>]*data-qa="note-text"[^>]*>[^<]*"/)
  })

  it('when a note is longer than 10000 characters, then it is refused and kept for correcting', async () => {
    const { person } = await world.addCase('Lon Long')
    const officer = await world.agent(world.officerA.email)

    await submitForm(officer, notesUrl(person.id), { category: 'other', text: 'y'.repeat(10001) })
    const page = await officer.get(notesUrl(person.id))

    expect(errorSummary(page.text)).toEqual(['#text: The note must be 10000 characters or fewer'])
    expect(await storedNotes(person.id)).toEqual([])
    // The GOV.UK character count shows the same limit as the form is typed, and stays with the error.
    expect(page.text).toMatch(
      new RegExp(`data-module="govuk-character-count" data-maxlength="${NOTE_MAX}">[\\s\\S]*?name="text"`),
    )
    expect(page.text).toContain('aria-describedby="text-info text-hint text-error"')
    expect(decode(page.text)).toContain('You can enter up to 10,000 characters')
  })

  it('when a note has several lines, then each line is shown on its own', async () => {
    const { person } = await world.addCase('Lin Lines')
    const officer = await world.agent(world.officerA.email)

    await submitForm(officer, notesUrl(person.id), { category: 'contact', text: 'One\r\n<two>' })
    const page = await officer.get(notesUrl(person.id))

    expect(qa(page.text, 'note-text')).toContain('One<br>&lt;two&gt;')
    expect((await storedNotes(person.id))[0].text).toBe('One\r\n<two>')
  })
})
