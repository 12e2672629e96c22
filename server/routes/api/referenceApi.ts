import type { Services } from '../../services'
import type { DeclareApi } from './declare'
import { bankHolidaysDocument } from '../../services/referenceService'

/** Reference data every booking depends on: England and Wales bank holidays (read by all, replaced by admins). */
export function referenceApi(api: DeclareApi, services: Services) {
  const { reference } = services

  api(
    { method: 'get', path: '/bank-holidays', access: 'signed-in', summary: 'England and Wales bank holidays' },
    async (_req, res) => {
      res.json(await reference.bankHolidays())
    },
  )

  api(
    {
      method: 'put',
      path: '/bank-holidays',
      access: ['admin'],
      summary: 'Replace bank holidays from gov.uk bank-holidays.json (england-and-wales division)',
      body: bankHolidaysDocument,
      status: 204,
    },
    async (req, res) => {
      await reference.replaceBankHolidays(req.user!, req.body)
      res.status(204).end()
    },
  )
}
