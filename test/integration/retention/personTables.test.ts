import { createTestDb, type TestDb } from '../../support/testDb'
import { PERSON_LINKED_TABLES } from '../../../server/data/personLinkedTables'
import { foreignKeys, personLinkedFromSchema, tableNames } from './retentionWorld'

// The export (DPA 2018 s.45) and the retention job (s.39, s.47) walk one declared list of the tables
// that hold rows about a person. This test derives that set from the database schema itself, so a new
// table with a foreign key to a person, order, requirement, review (or anything under them) fails here
// until it is declared, with how it reaches the person and how long it is kept.

let t: TestDb

beforeAll(async () => {
  t = await createTestDb()
})

afterAll(async () => {
  await t.destroy()
})

describe('the list of person-linked tables', () => {
  it('when the schema links a table to a person, then the export and retention list declares it', async () => {
    const fromSchema = await personLinkedFromSchema(t.db)
    const declared = new Set(PERSON_LINKED_TABLES.map(e => e.table))
    const missing = [...fromSchema].filter(table => !declared.has(table)).sort()
    expect(missing).toEqual([])
    // The tables the issue names are all among them.
    for (const table of ['person', 'requirement', 'review', 'outcome', 'drug_test', 'progress_note', 'breach'])
      expect(fromSchema.has(table)).toBe(true)
  })

  it('when a table is declared, then it exists and its link column really leads to its parent', async () => {
    const present = new Set(await tableNames(t.db))
    const fks = await foreignKeys(t.db)
    for (const entry of PERSON_LINKED_TABLES) {
      expect({ table: entry.table, present: present.has(entry.table) }).toEqual({ table: entry.table, present: true })
      if (entry.table === 'person' || entry.table === 'audit_event') continue
      const fk = fks.find(f => f.table === entry.table && f.column === entry.via.column)
      expect({ table: entry.table, leadsTo: fk?.refTable }).toEqual({ table: entry.table, leadsTo: entry.via.parent })
    }
  })

  it('when a parent is named, then it comes earlier in the list, so deleting in reverse never breaks a key', () => {
    const seen = new Set<string>()
    for (const entry of PERSON_LINKED_TABLES) {
      if (entry.table !== 'person')
        expect({ table: entry.table, parentFirst: seen.has(entry.via.parent) }).toEqual({
          table: entry.table,
          parentFirst: true,
        })
      seen.add(entry.table)
    }
  })
})
