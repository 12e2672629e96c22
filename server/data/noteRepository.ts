import type { Knex } from 'knex'
import { conn, type TxLike } from './unitOfWork'

export const NOTE_CATEGORIES = ['appointment', 'contact', 'treatment', 'testing', 'safeguarding', 'other'] as const
export type NoteCategory = (typeof NOTE_CATEGORIES)[number]

/** A note as read: with its author's and organisation's names. */
export interface NoteRow {
  id: string
  personId: string
  at: string
  category: NoteCategory
  text: string
  authorName: string
  organisationName: string | null
}

/** A note as written. */
export interface NewNote {
  id: string
  personId: string
  authorId: string
  organisationId: string | null
  at: string
  category: NoteCategory
  text: string
}

/** Progress notes: the contact log both agencies keep on a person. */
export function createNoteRepository(db: Knex) {
  return {
    /** A person's notes, newest first. */
    async forPerson(personId: string, tx?: TxLike): Promise<NoteRow[]> {
      const rows = await conn(
        db,
        tx,
      )('progress_note as n')
        .join('app_user as u', 'u.id', 'n.author_id')
        .leftJoin('organisation as g', 'g.id', 'n.organisation_id')
        .where('n.person_id', personId)
        .orderBy([
          { column: 'n.at', order: 'desc' },
          { column: 'n.id', order: 'desc' },
        ])
        .select('n.*', 'u.name as author_name', 'g.name as organisation_name')
      return rows.map(r => ({
        id: r.id as string,
        personId: r.person_id as string,
        at: r.at as string,
        category: r.category as NoteCategory,
        text: r.text as string,
        authorName: r.author_name as string,
        organisationName: (r.organisation_name as string) ?? null,
      }))
    },

    /** Stores a note exactly as written. */
    async insert(note: NewNote, tx?: TxLike): Promise<void> {
      await conn(
        db,
        tx,
      )('progress_note').insert({
        id: note.id,
        person_id: note.personId,
        author_id: note.authorId,
        organisation_id: note.organisationId,
        at: note.at,
        category: note.category,
        text: note.text,
      })
    },
  }
}

export type NoteRepository = ReturnType<typeof createNoteRepository>
