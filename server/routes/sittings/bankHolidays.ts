import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { ValidationError, type FieldError } from '../../errors'
import { flash, keepForm } from '../forms'
import { takeFormFor } from './formErrors'

const admin = ['admin'] as const

/** The uploaded file as a JSON document, or the reason it is not one. */
export function readBankHolidaysFile(file: { buffer: Buffer } | undefined): unknown {
  if (!file || file.buffer.length === 0)
    throw new ValidationError([{ field: 'file', message: 'Select the bank-holidays.json file from gov.uk' }])
  try {
    return JSON.parse(file.buffer.toString('utf8').replace(/^\uFEFF/, ''))
  } catch (err) {
    const detail = err instanceof SyntaxError ? `: ${err.message}` : ''
    throw new ValidationError([{ field: 'file', message: `The selected file is not valid JSON${detail}` }])
  }
}

/** The document's own problems (a missing division, an event with no date) as problems with the file chosen. */
export function asFileErrors(errors: FieldError[]): FieldError[] {
  const first = errors[0]
  if (!first) return []
  const event = /\.events\.(\d+)/.exec(first.field)
  const where = event ? ` (event ${Number(event[1]) + 1} of england-and-wales)` : ''
  // zod's own wording for a missing value ("Invalid input: expected string…") names no field a person would know.
  const part = first.field.split('.').pop() ?? ''
  const message = /^Invalid input/.test(first.message)
    ? part === 'date'
      ? 'Each event needs a date like 2026-12-25'
      : `“${part}” is missing or is the wrong type`
    : first.message
  return [{ field: 'file', message: `The file is not a gov.uk bank holidays document: ${message}${where}` }]
}

/** England and Wales bank holidays: no review sitting is listed on one. An admin replaces them from gov.uk. */
export function bankHolidayRoutes(route: RouteDeclarer, services: Services, render: Render) {
  route.get(paths.admin.bankHolidays, admin, async (req, res) => {
    const holidays = await services.reference.bankHolidays()
    const years = new Map<string, { date: string; title: string }[]>()
    for (const h of holidays) years.set(h.date.slice(0, 4), [...(years.get(h.date.slice(0, 4)) ?? []), h])
    render(req, res, 'pages/admin/bank-holidays', {
      title: 'Bank holidays',
      form: takeFormFor(req, 'bank-holidays', 'file'),
      count: holidays.length,
      years: [...years].map(([year, list]) => ({ year, holidays: list })),
      action: paths.admin.bankHolidays,
    })
  })

  route.post(paths.admin.bankHolidays, admin, async (req, res) => {
    try {
      const document = readBankHolidaysFile(req.file)
      let count: number
      try {
        count = await services.reference.replaceBankHolidays(req.user!, document)
      } catch (err) {
        throw err instanceof ValidationError ? new ValidationError(asFileErrors(err.errors)) : err
      }
      flash(req, `Bank holidays replaced: ${count} England and Wales ${count === 1 ? 'holiday' : 'holidays'}.`)
    } catch (err) {
      keepForm(req, 'bank-holidays', err, {})
    }
    res.redirect(303, paths.admin.bankHolidays)
  })
}
