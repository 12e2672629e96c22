import type { AccessNeedsRepository } from '../../data/accessNeedsRepository'
import type { BuildPackModel } from '../hearing/packModel'
import { needTags } from './accessNeedsRules'

/**
 * The hearing pack with each person's access needs (issue 23): a short line on the cover's list and in
 * each case's header ("Interpreter: Polish; Step-free access; Video link"). Two reads for the whole pack.
 * Not the interpreter's booking (the clerk's business, on the court list: a booking made after the pack was
 * issued is not a change to the case) and never the video room or reference (packs are printed).
 */
export function withAccessNeeds(
  build: BuildPackModel,
  accessNeeds: Pick<AccessNeedsRepository, 'forPeople' | 'attendanceOf'>,
): BuildPackModel {
  return async input => {
    const model = await build(input)
    const [needs, attendance] = await Promise.all([
      accessNeeds.forPeople(model.cases.map(c => c.personId)),
      accessNeeds.attendanceOf(model.cases.filter(c => c.time).map(c => c.reviewId)),
    ])
    const needsOf = new Map(needs.map(n => [n.personId, n]))
    const videoOf = new Set(attendance.filter(a => a.attendanceMode === 'video').map(a => a.reviewId))
    const lineOf = (c: { personId: string; reviewId: string }) => {
      const words = [
        ...needTags(needsOf.get(c.personId)).map(t => t.text),
        ...(videoOf.has(c.reviewId) ? ['Video link'] : []),
      ]
      return words.length ? words.join('; ') : null
    }
    const cases = model.cases.map(c => ({ ...c, access: lineOf(c) }))
    // The cover's list is the cases in the same order.
    return { ...model, cases, list: model.list.map((item, i) => ({ ...item, access: cases[i]?.access ?? null })) }
  }
}
