import { isId, newId } from '../../../server/utils/ids'

describe('row ids', () => {
  it('when ids are made, then each is a well-formed version 7 UUID, and none repeats', () => {
    const ids = Array.from({ length: 20000 }, () => newId())
    for (const id of ids.slice(0, 200)) {
      expect(isId(id)).toBe(true)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    }
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('when an id is made later, then it sorts after an earlier one, and carries the time it was made', async () => {
    const before = Date.now()
    const first = newId()
    await new Promise(resolve => setTimeout(resolve, 5))
    const second = newId()
    expect(first < second).toBe(true)
    const made = parseInt(first.slice(0, 8) + first.slice(9, 13), 16)
    expect(made).toBeGreaterThanOrEqual(before)
    expect(made).toBeLessThanOrEqual(Date.now())
  })
})
