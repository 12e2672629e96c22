import type { Request } from 'express'
import type { Services } from '../../services'
import type { CourtRow } from '../../data/referenceRepository'
import { NotFoundError } from '../../errors'
import { str } from '../forms'
import { orderCourts } from './calendarModel'

/**
 * The courts a clerk can choose between (their own first) and the one shown: the one asked for
 * in `?court=`, else their first. An unknown court id is a 404, never another court's calendar.
 */
export async function chooseCourt(
  req: Request,
  services: Services,
): Promise<{ courts: CourtRow[]; court: CourtRow | null; courtItems: { value: string; text: string }[] }> {
  const courts = orderCourts(await services.reference.courts(), req.user!.courtIds)
  const wanted = str(req.query.court)
  const court = wanted ? (courts.find(c => c.id === wanted) ?? null) : (courts[0] ?? null)
  if (wanted && !court) throw new NotFoundError('Court not found')
  return { courts, court, courtItems: courts.map(c => ({ value: c.id, text: c.name })) }
}

/** Magistrates and judges who can sit on a bench, as checkbox items. */
export async function benchItems(services: Services): Promise<{ value: string; text: string }[]> {
  const sentencers = await services.users.list({ role: 'sentencer' })
  return sentencers.map(u => ({ value: u.id, text: u.name }))
}
