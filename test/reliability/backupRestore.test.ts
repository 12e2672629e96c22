import fs from 'node:fs'
import path from 'node:path'
import { api, clerkToken, foreignKeyCheck, integrityCheck, runCli, stopApp } from './support/appProcess'
import { contents, personBody, sha256, useProcessScenarios, withFile } from './processScenarios'

// The real process on a real file: what a backup taken while the app runs, and a restore, do to the records.
const { scenario, launch } = useProcessScenarios()

describe('backup and restore', () => {
  it('when the database is backed up while the app runs and restored after it stops, then the restored file is intact, holds what was backed up, keeps the replaced file and the app runs on it', async () => {
    const { dir, file } = scenario('round-trip')
    const backup = path.join(dir, 'backup.sqlite3')
    const app = await launch(file)
    const token = await clerkToken(app)
    const before = await api<{ id: string }>(app, 'POST', '/people', { token, body: personBody('B000001', 'Before') })

    const backedUp = await runCli(file, ['backup', backup])
    const later = await api<{ id: string }>(app, 'POST', '/people', { token, body: personBody('B000002', 'Later') })
    const whileRunning = await runCli(file, ['restore', backup])
    const stillThere = await api(app, 'GET', `/people/${later.body.id}`, { token })
    const stopped = await stopApp(app)
    const restored = await runCli(file, ['restore', backup])

    expect([before.status, later.status]).toEqual([201, 201])
    expect(backedUp.code).toBe(0)
    expect(whileRunning.code).toBe(1)
    expect(whileRunning.stderr).toMatch(/is in use .* Stop the app first/)
    expect(stillThere.status).toBe(200)
    expect(stopped).toEqual({ code: 0, signal: null })
    expect(restored).toMatchObject({ code: 0, stderr: '' })
    const kept = /kept at (.+)$/m.exec(restored.stdout)?.[1] ?? ''
    expect(fs.existsSync(kept)).toBe(true)
    const backedUpRows = await withFile(backup, contents)
    await withFile(file, async db => {
      expect(await integrityCheck(db)).toEqual(['ok'])
      expect(await foreignKeyCheck(db)).toEqual([])
      expect(await contents(db)).toEqual(backedUpRows)
    })
    expect(backedUpRows.person.length).toBeGreaterThan(1)
    expect(backedUpRows.review.length).toBeGreaterThan(10)
    const crns = (rows: unknown[]) => (rows as { crn: string }[]).map(r => r.crn)
    expect(crns(backedUpRows.person)).toContain('B000001')
    expect(crns(backedUpRows.person)).not.toContain('B000002')
    // Nothing is lost by restoring: the replaced database, with the later change, is complete beside it.
    await withFile(kept, async db => {
      expect(await integrityCheck(db)).toEqual(['ok'])
      expect(await db('person').where({ crn: 'B000002' }).pluck('name')).toEqual(['Later'])
    })

    const onRestored = await launch(file)
    const token2 = await clerkToken(onRestored)
    expect((await api(onRestored, 'GET', `/people/${before.body.id}`, { token: token2 })).status).toBe(200)
    expect((await api(onRestored, 'GET', `/people/${later.body.id}`, { token: token2 })).status).toBe(404)
    expect(await stopApp(onRestored)).toEqual({ code: 0, signal: null })
  }, 60000)

  it('when the backup is damaged, is not a database or is the live file, then restore refuses and leaves the database as it was', async () => {
    const { dir, file } = scenario('refusals')
    const good = path.join(dir, 'good.sqlite3')
    expect((await runCli(file, ['backup', good])).code).toBe(0)
    const damaged = path.join(dir, 'damaged.sqlite3')
    const bytes = fs.readFileSync(good)
    // Scribble over the middle of the file (b-tree pages), keeping the header: it opens, but is not sound.
    bytes.fill(0x5a, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 8192)
    fs.writeFileSync(damaged, bytes)
    const notDb = path.join(dir, 'notes.sqlite3')
    fs.writeFileSync(notDb, 'This is a text file, not a database. '.repeat(200))
    const hashBefore = sha256(file)

    const [damagedRun, notDbRun, missingRun, itselfRun] = await Promise.all([
      runCli(file, ['restore', damaged]),
      runCli(file, ['restore', notDb]),
      runCli(file, ['restore', path.join(dir, 'missing.sqlite3')]),
      runCli(file, ['restore', file]),
    ])
    const results = { damaged: damagedRun, notDb: notDbRun, missing: missingRun, itself: itselfRun }

    expect(results.damaged.code).toBe(1)
    expect(results.damaged.stderr).toMatch(/^Not restored: .*(integrity check failed|cannot read it)/)
    expect(results.notDb.code).toBe(1)
    expect(results.notDb.stderr).toMatch(/^Not restored: .*cannot open it as SQLite|not a database/)
    expect(results.missing.code).toBe(1)
    expect(results.missing.stderr).toMatch(/is not a file/)
    expect(results.itself.code).toBe(1)
    expect(results.itself.stderr).toMatch(/the live database itself/)
    expect(sha256(file)).toBe(hashBefore)
    expect(fs.readdirSync(dir).filter(f => /before-restore|restoring/.test(f))).toEqual([])
  }, 30000)
})
