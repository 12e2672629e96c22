/**
 * All date and time handling for the service, by concern: calendar dates and working days
 * (dates/calendar), London time and instants (dates/london), display formats (dates/display) and
 * GOV.UK date inputs (dates/dateFields). Instants are stored as UTC.
 */
export * from './dates/calendar'
export * from './dates/london'
export * from './dates/display'
export * from './dates/dateFields'
