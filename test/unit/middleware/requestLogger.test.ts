import { Writable } from 'node:stream'
import express from 'express'
import pino from 'pino'
import request from 'supertest'
import { requestLogger } from '../../../server/logger'

// Issue 24: one log line a request, built from the few fields logged. What an operator relies on:
// an id in X-Request-Id that the line carries, the method, the path without its query string (a
// search by name), a calendar feed's secret address hidden, the status and the time taken; a 5xx is
// an error. Nothing else of the request (no cookie, no header) reaches the log.

function appWithLog(level = 'info') {
  const lines: Record<string, unknown>[] = []
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>)
      done()
    },
  })
  const app = express()
  app.use(requestLogger(pino({ level }, sink)))
  app.get('/people', (_req, res) => res.send('ok'))
  app.get('/calendar-feed/:token', (_req, res) => res.send('feed'))
  app.get('/broken', (_req, res) => res.status(500).send('no'))
  const settled = () => new Promise(resolve => setImmediate(resolve))
  return { app, lines, settled }
}

describe('the request log', () => {
  it('when a page is read, then one line names its id (as sent in X-Request-Id), method, path without the query, status and time, and nothing else of the request', async () => {
    const { app, lines, settled } = appWithLog()
    const res = await request(app).get('/people?name=Pat+Smith').set('Cookie', 'session=secret-value')
    await settled()
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { id: res.headers['x-request-id'], method: 'GET', path: '/people' },
      res: { statusCode: 200 },
    })
    expect(typeof lines[0].responseTime).toBe('number')
    expect(JSON.stringify(lines[0])).not.toMatch(/Pat|Smith|secret-value|[Cc]ookie/)
  })

  it.each([
    ['a calendar feed (its address is its secret)', '/calendar-feed/abcDEF123', '/calendar-feed/[token]'],
    ['a search', '/people?crn=A123456', '/people'],
  ])('when %s is read, then the path logged is %s', async (_what, url, logged) => {
    const { app, lines, settled } = appWithLog()
    await request(app).get(url)
    await settled()
    expect((lines[0].req as { path: string }).path).toBe(logged)
  })

  it('when a request fails on the server, then its line is an error', async () => {
    const { app, lines, settled } = appWithLog()
    await request(app).get('/broken')
    await settled()
    expect(lines[0]).toMatchObject({ level: 50, msg: 'request errored', res: { statusCode: 500 } })
  })

  it('when the level is above info, then a page read writes nothing, but still has its id', async () => {
    const { app, lines, settled } = appWithLog('warn')
    const res = await request(app).get('/people')
    await settled()
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(lines).toEqual([])
  })
})
