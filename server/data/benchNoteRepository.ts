import type { Knex } from 'knex'
import { conn, type TxLike, type Raw } from './unitOfWork'

/** A private note by a sentencer on a person's case, with its author's name and the review it was about. */
export interface BenchNoteRow {
  id: string
  at: string
  text: string
  authorName: string | null
  reviewId: string | null
  reviewSequence: number | null
  reviewDate: string | null
}

// Bench notes: private to sentencers (the services refuse every other role).
export function createBenchNoteRepository(db: Knex) {
  return {
    /** A person's bench notes, newest first. */
    async forPerson(personId: string, tx?: TxLike): Promise<BenchNoteRow[]> {
      const rows = (await conn(
        db,
        tx,
      )('bench_note as n')
        .leftJoin('app_user as u', 'u.id', 'n.author_id')
        .leftJoin('review as r', 'r.id', 'n.review_id')
        .where('n.person_id', personId)
        .orderBy([
          { column: 'n.at', order: 'desc' },
          { column: 'n.id', order: 'desc' },
        ])
        .select('n.*', 'u.name as author_name', 'r.sequence', 'r.review_date')) as Raw[]
      return rows.map(r => ({
        id: String(r.id),
        at: String(r.at),
        text: String(r.text),
        authorName: (r.author_name as string) ?? null,
        reviewId: (r.review_id as string) ?? null,
        reviewSequence: r.sequence === null || r.sequence === undefined ? null : Number(r.sequence),
        reviewDate: (r.review_date as string) ?? null,
      }))
    },

    async insert(
      note: { id: string; at: string; text: string; personId: string; reviewId: string | null; authorId: string },
      tx?: TxLike,
    ): Promise<void> {
      await conn(
        db,
        tx,
      )('bench_note').insert({
        id: note.id,
        at: note.at,
        text: note.text,
        person_id: note.personId,
        review_id: note.reviewId,
        author_id: note.authorId,
      })
    },
  }
}

export type BenchNoteRepository = ReturnType<typeof createBenchNoteRepository>
