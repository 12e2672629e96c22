import { createPasswordHasher, passwordProblem } from '../../../server/services/passwords'

// A low cost keeps the unit tests fast; the production cost is checked in config.test.ts.
const hasher = createPasswordHasher(2 ** 10)

describe('password hashing', () => {
  it('when a password is hashed, then the same password verifies', async () => {
    const stored = await hasher.hash('Correct-Horse-Battery-1')

    expect(await hasher.verify('Correct-Horse-Battery-1', stored)).toBe(true)
  })

  it('when a different password is given, then it does not verify', async () => {
    const stored = await hasher.hash('Correct-Horse-Battery-1')

    expect(await hasher.verify('Correct-Horse-Battery-2', stored)).toBe(false)
    expect(await hasher.verify('', stored)).toBe(false)
  })

  it('when the same password is hashed twice, then the hashes differ (a fresh salt each time)', async () => {
    const first = await hasher.hash('Correct-Horse-Battery-1')
    const second = await hasher.hash('Correct-Horse-Battery-1')

    expect(first).not.toBe(second)
    expect(first.split('$')[4]).not.toBe(second.split('$')[4])
  })

  it('when a hash is stored, then it records scrypt and its cost N, r and p, and never the password', async () => {
    const stored = await hasher.hash('Correct-Horse-Battery-1')

    const [scheme, n, r, p] = stored.split('$')
    expect({ scheme, n, r, p }).toEqual({ scheme: 'scrypt', n: String(2 ** 10), r: '8', p: '1' })
    expect(stored).not.toContain('Correct-Horse-Battery-1')
  })

  it('when the cost is raised later, then passwords hashed at the old cost still verify from the recorded N', async () => {
    const stored = await hasher.hash('Correct-Horse-Battery-1')
    const stronger = createPasswordHasher(2 ** 11)

    expect(await stronger.verify('Correct-Horse-Battery-1', stored)).toBe(true)
    expect((await stronger.hash('x')).split('$')[1]).toBe(String(2 ** 11))
  })

  it('when the stored value is not an scrypt hash, then nothing verifies', async () => {
    expect(await hasher.verify('anything', 'plain-text')).toBe(false)
    expect(await hasher.verify('anything', '')).toBe(false)
  })

  it('when a password is composed differently in Unicode, then it still verifies (NFC)', async () => {
    const stored = await hasher.hash('Llŷr-Siôn-password')

    expect(await hasher.verify('Llŷr-Siôn-password'.normalize('NFD'), stored)).toBe(true)
  })
})

describe('password rules', () => {
  it.each([
    ['', 'Password must be at least 12 characters'],
    ['elevenchars', 'Password must be at least 12 characters'],
    ['x'.repeat(201), 'Password must be 200 characters or fewer'],
  ])('when the password is %j, then it is refused with "%s"', (password, message) => {
    expect(passwordProblem(password)).toBe(message)
  })

  it('when the password is 12 characters, then it is accepted', () => {
    expect(passwordProblem('twelve-chars')).toBeNull()
  })
})
