import type { Knex } from 'knex'
import { isUniqueViolation } from '../db/createDb'

/** A rendered form's submission, claimed before its handler runs: what makes a double submit one record. */
export interface FormSubmission {
  status: 'pending' | 'done'
  statusCode: number | null
  location: string | null
  createdAt: string
}

/** The form_submission table: claims keyed by (user, form id, path, fields), and the redirect each ended in. */
export function createFormSubmissionRepository(db: Knex) {
  const table = () => db('form_submission')
  return {
    /** True when this claim is the first; false when another submission holds the key. */
    async claim(key: string, userId: string, at: string): Promise<boolean> {
      try {
        await table().insert({ key, user_id: userId, status: 'pending', created_at: at })
        return true
      } catch (err) {
        if (isUniqueViolation(err)) return false
        throw err
      }
    },

    async find(key: string): Promise<FormSubmission | null> {
      const r = await table().where({ key }).first()
      return r
        ? {
            status: r.status,
            statusCode: r.status_code === null ? null : Number(r.status_code),
            location: r.location ?? null,
            createdAt: r.created_at,
          }
        : null
    },

    /** The first submission answered with a redirect: a repeat gets the same one. */
    async done(key: string, statusCode: number, location: string): Promise<void> {
      await table().where({ key }).update({ status: 'done', status_code: statusCode, location })
    },

    /** The first submission did not redirect (an error, a page): the form may be sent again. */
    async release(key: string): Promise<void> {
      await table().where({ key }).delete()
    },

    async pruneBefore(at: string): Promise<void> {
      await table().where('created_at', '<', at).delete()
    },
  }
}

export type FormSubmissionRepository = ReturnType<typeof createFormSubmissionRepository>
