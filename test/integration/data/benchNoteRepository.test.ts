import type { Knex } from 'knex'
import { createTestDb, type TestDb } from '../../support/testDb'
import { createBenchNoteRepository } from '../../../server/data/benchNoteRepository'
import { createUnitOfWork } from '../../../server/data/unitOfWork'
import { newId } from '../../../server/utils/ids'
import { AT, hearingSeed } from './hearingSeed'

// The bench note repository on a real database (SQLite; PostgreSQL when TEST_DATABASE_URL is set).

let testDb: TestDb
let db: Knex

beforeAll(async () => {
  testDb = await createTestDb()
  db = testDb.db
})
afterAll(async () => testDb.destroy())

const { court, user, requirement, review } = hearingSeed(() => db)

describe('the bench note repository', () => {
  it('when notes are written in a unit of work, then reads a person’s notes newest first with author and review', async () => {
    const notes = createBenchNoteRepository(db)
    const uow = createUnitOfWork(db)
    const c = await court()
    const [q, other] = [await requirement(c), await requirement(c)]
    const r = await review(q.id, 3)
    const author = await user('Judge Jay')
    const [older, newer] = [newId(), newId()]
    await uow.run(async tx => {
      const at = '2026-02-01T10:00:00.000Z'
      await notes.insert({ id: older, at, text: 'First', personId: q.personId, reviewId: r, authorId: author }, tx)
      const note = { id: newer, at: '2026-02-05T10:00:00.000Z', text: 'Line 1\nLine 2', reviewId: null }
      await notes.insert({ ...note, personId: q.personId, authorId: author }, tx)
    })
    const elsewhere = { id: newId(), at: '2026-02-09T10:00:00.000Z', text: 'Someone else', reviewId: null }
    await notes.insert({ ...elsewhere, personId: other.personId, authorId: author })

    const rows = await notes.forPerson(q.personId)

    expect(rows).toEqual([
      {
        id: newer,
        at: '2026-02-05T10:00:00.000Z',
        text: 'Line 1\nLine 2',
        authorName: 'Judge Jay',
        reviewId: null,
        reviewSequence: null,
        reviewDate: null,
      },
      {
        id: older,
        at: '2026-02-01T10:00:00.000Z',
        text: 'First',
        authorName: 'Judge Jay',
        reviewId: r,
        reviewSequence: 3,
        reviewDate: '2026-02-03',
      },
    ])
  })

  it('when a unit of work fails, then its note is not kept', async () => {
    const notes = createBenchNoteRepository(db)
    const q = await requirement(await court())
    const author = await user('Judge Kay')

    await expect(
      createUnitOfWork(db).run(async tx => {
        await notes.insert(
          { id: newId(), at: AT, text: 'Lost', personId: q.personId, reviewId: null, authorId: author },
          tx,
        )
        throw new Error('the audit row failed')
      }),
    ).rejects.toThrow('the audit row failed')

    expect(await notes.forPerson(q.personId)).toEqual([])
  })
})
