import { ValidationError } from '../../../../server/errors'
import { asFileErrors, readBankHolidaysFile } from '../../../../server/routes/sittings/bankHolidays'

const errorsOf = (fn: () => unknown) => {
  try {
    fn()
  } catch (err) {
    return err instanceof ValidationError ? err.errors : err
  }
  return []
}

describe('readBankHolidaysFile', () => {
  it('when the file is JSON with a byte order mark, then it is read', () => {
    const doc = readBankHolidaysFile({ buffer: Buffer.from('\uFEFF{"england-and-wales":{"events":[]}}') })

    expect(doc).toEqual({ 'england-and-wales': { events: [] } })
  })

  it('when there is no file or it is empty, then a file is asked for', () => {
    expect(errorsOf(() => readBankHolidaysFile(undefined))).toEqual([
      { field: 'file', message: 'Select the bank-holidays.json file from gov.uk' },
    ])
    expect(errorsOf(() => readBankHolidaysFile({ buffer: Buffer.alloc(0) }))).toEqual([
      { field: 'file', message: 'Select the bank-holidays.json file from gov.uk' },
    ])
  })

  it('when the file is not JSON, then it says so', () => {
    expect(errorsOf(() => readBankHolidaysFile({ buffer: Buffer.from('<html>') }))).toEqual([
      { field: 'file', message: expect.stringMatching(/^The selected file is not valid JSON: /) },
    ])
  })
})

describe('asFileErrors', () => {
  it('when an event is wrong, then the first problem is told as a problem with the file, naming the event', () => {
    expect(
      asFileErrors([
        { field: 'england-and-wales.events.2.title', message: 'Each event needs a title' },
        { field: 'england-and-wales.events.3.title', message: 'Each event needs a title' },
      ]),
    ).toEqual([
      {
        field: 'file',
        message:
          'The file is not a gov.uk bank holidays document: Each event needs a title (event 3 of england-and-wales)',
      },
    ])
  })
})
