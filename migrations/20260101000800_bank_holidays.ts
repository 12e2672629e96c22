import type { Knex } from 'knex'
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../server/db/bankHolidays'

// Reference data every install needs, production included.
export async function up(knex: Knex): Promise<void> {
  await knex('bank_holiday').insert(ENGLAND_AND_WALES_BANK_HOLIDAYS.map(h => ({ ...h })))
}

export async function down(knex: Knex): Promise<void> {
  await knex('bank_holiday').del()
}
