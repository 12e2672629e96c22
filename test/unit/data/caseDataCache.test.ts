import fc from 'fast-check'
import { createCaseDataCache, firstAfter } from '../../../server/data/caseDataCache'

// What a page reads, kept while the case data is unchanged: used only at the version it was read at,
// and only until the time it holds to; the least recently used goes first.

function world(max = 3) {
  let version = 1
  const loads: string[] = []
  const cache = createCaseDataCache({ version: async () => version }, max)
  const read = (key: string, now = '2026-03-02T09:00:00.000Z', until: string | null = null) =>
    cache.get(key, now, async () => {
      loads.push(key)
      return { value: { key, version, rows: [{ name: 'Ada' }] }, until }
    })
  return { cache, read, loads, change: () => (version += 1) }
}

describe('the case-data cache', () => {
  it('when nothing has changed, then a second read comes from memory without loading', async () => {
    const w = world()
    const first = await w.read('court-list:1')
    const second = await w.read('court-list:1')
    expect(second).toBe(first)
    expect(w.loads).toEqual(['court-list:1'])
    expect(w.cache.stats()).toMatchObject({ hits: 1, misses: 1, size: 1 })
  })

  it('when the case data changes, then the next read loads again and keeps the new copy', async () => {
    const w = world()
    await w.read('court-list:1')
    w.change()
    const after = await w.read('court-list:1')
    expect(after.version).toBe(2)
    await w.read('court-list:1')
    expect(w.loads).toEqual(['court-list:1', 'court-list:1'])
  })

  it('when a copy holds until a time, then it is used before that time and loaded again from it', async () => {
    const w = world()
    const until = '2026-03-02T17:00:00.000Z'
    await w.read('pack:1', '2026-03-02T09:00:00.000Z', until)
    await w.read('pack:1', '2026-03-02T16:59:59.999Z', until)
    expect(w.loads).toHaveLength(1)
    await w.read('pack:1', until, null)
    expect(w.loads).toHaveLength(2)
  })

  it('when more are kept than it may hold, then the least recently used goes first', async () => {
    const w = world(2)
    await w.read('a')
    await w.read('b')
    await w.read('a') // a is now the most recently used
    await w.read('c') // b goes
    expect(w.cache.stats().size).toBe(2)
    await w.read('a')
    await w.read('b')
    expect(w.loads).toEqual(['a', 'b', 'c', 'b'])
  })

  it('when a caller tries to change a kept copy, then it is refused (one copy serves every reader)', async () => {
    const w = world()
    const kept = await w.read('court-list:1')
    expect(() => {
      ;(kept.rows[0] as { name: string }).name = 'Changed'
    }).toThrow(TypeError)
    expect((await w.read('court-list:1')).rows[0].name).toBe('Ada')
  })

  it('when a change commits while a copy is being read, then that copy is tagged with the older version and read again', async () => {
    let version = 1
    let loads = 0
    const cache = createCaseDataCache({ version: async () => version }, 5)
    await cache.get('k', '2026-03-02T09:00:00.000Z', async () => {
      loads += 1
      version = 2 // a change commits after the version was read, before the rows are
      return { value: { loads }, until: null }
    })
    await cache.get('k', '2026-03-02T09:00:00.000Z', async () => ({ value: { loads: (loads += 1) }, until: null }))
    expect(loads).toBe(2)
  })
})

describe('the version read before the request’s data (with a page’s session)', () => {
  it('is compared with instead of reading the version, once: the next read in the request reads it', async () => {
    let version = 1
    let versionReads = 0
    let given: number | undefined = 1
    const cache = createCaseDataCache(
      {
        version: async () => {
          versionReads += 1
          return version
        },
      },
      5,
      () => {
        const v = given
        given = undefined
        return v
      },
    )
    let loads = 0
    const load = async () => ({ value: { loads: (loads += 1) }, until: null })
    await cache.get('k', '2026-03-02T09:00:00.000Z', load)
    expect([versionReads, loads]).toEqual([0, 1])
    version = 2
    // The version given has been used: this read reads the version itself, sees the change and loads.
    await cache.get('k', '2026-03-02T09:00:00.000Z', load)
    expect([versionReads, loads]).toEqual([1, 2])
    // A later request's session read the new version: from memory, with no version read.
    given = 2
    await cache.get('k', '2026-03-02T09:00:00.000Z', load)
    expect([versionReads, loads]).toEqual([1, 2])
  })
})

describe('firstAfter: until when a value read now holds', () => {
  const instant = fc
    .date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-12-31T23:59:59Z'), noInvalidDate: true })
    .map(d => d.toISOString())

  it('is the earliest instant after now, or null when none is after now', () => {
    fc.assert(
      fc.property(instant, fc.array(fc.option(instant, { nil: null }), { maxLength: 12 }), (now, instants) => {
        const later = instants.filter((t): t is string => t !== null && t > now).sort()
        expect(firstAfter(now, instants)).toBe(later[0] ?? null)
      }),
    )
  })

  it.each([
    ['nothing after now', ['2026-03-01T17:00:00.000Z'], null],
    ['an instant equal to now has passed', ['2026-03-02T09:00:00.000Z'], null],
    [
      'the earliest of those after now',
      ['2026-03-04T17:00:00.000Z', '2026-03-03T17:00:00.000Z'],
      '2026-03-03T17:00:00.000Z',
    ],
    ['missing times are left out', [null, undefined, '2026-03-05T17:00:00.000Z'], '2026-03-05T17:00:00.000Z'],
  ])('%s', (_what, instants, expected) => {
    expect(firstAfter('2026-03-02T09:00:00.000Z', instants)).toBe(expected)
  })
})
