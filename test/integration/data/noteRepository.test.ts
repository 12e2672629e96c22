import type { Knex } from 'knex'
import { createTestDb, type TestDb } from '../../support/testDb'
import { createNoteRepository } from '../../../server/data/noteRepository'
import { newId } from '../../../server/utils/ids'
import { AT, progressSeed } from './progressSeed'

// The progress note repository on a real database (SQLite; PostgreSQL when TEST_DATABASE_URL is set).

let testDb: TestDb
let db: Knex

beforeAll(async () => {
  testDb = await createTestDb()
  db = testDb.db
})
afterAll(async () => testDb.destroy())

const { organisation, user, person } = progressSeed(() => db)

describe('the note repository', () => {
  const notes = () => createNoteRepository(db)

  it('when notes are added, then they read back newest first, exactly as written, with author and organisation', async () => {
    const p = await person()
    const org = await organisation('provider')
    const worker = await user('Pat Provider', 'provider', org)
    const officer = await user('Olive Officer', 'probation')
    const text = '  Line one\nLine two 🙂  '
    await notes().insert({
      id: newId(),
      personId: p.id,
      authorId: worker,
      organisationId: org,
      at: '2026-03-01T09:00:00.000Z',
      category: 'contact',
      text,
    })
    await notes().insert({
      id: newId(),
      personId: p.id,
      authorId: officer,
      organisationId: null,
      at: '2026-03-02T09:00:00.000Z',
      category: 'testing',
      text: 'Later',
    })
    await notes().insert({
      id: newId(),
      personId: (await person()).id,
      authorId: officer,
      organisationId: null,
      at: AT,
      category: 'other',
      text: 'Someone else',
    })

    const read = await notes().forPerson(p.id)

    expect(read.map(r => [r.text, r.category, r.authorName])).toEqual([
      ['Later', 'testing', 'Olive Officer'],
      [text, 'contact', 'Pat Provider'],
    ])
    expect(read[0].organisationName).toBeNull()
    expect(read[1].organisationName).toMatch(/^Org /)
  })
})
