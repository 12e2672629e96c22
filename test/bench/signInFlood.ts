import { performance } from 'node:perf_hooks'
import type { Knex } from 'knex'
import type { Config } from '../../server/config'
import type { Clock } from '../../server/utils/clock'
import type { Views } from '../../server/views'
import { createLogger } from '../../server/logger'
import { createServices } from '../../server/services'
import { createApp } from '../../server/app'
import { createRepositories } from '../../server/data'
import { createClient, percentile } from './http'

/**
 * Issue 19: a signed-in page while 40 sign-ins with unknown emails arrive at once, at the production
 * hash cost (N = 2^17) and bound (2 hashes at a time, 8 waiting). Its own app on the same database,
 * so only its sign-ins pay the production cost. Returns the page's times and how the flood was answered.
 */
export async function measureSignInFlood(opts: {
  db: Knex
  config: Config
  clock: Clock
  views: Views
  email: string
  password: string
}) {
  const config: Config = { ...opts.config, scryptCost: 2 ** 17, hashThreads: 2, hashQueue: 8 }
  const services = createServices({
    repos: createRepositories(opts.db),
    config,
    clock: opts.clock,
    logger: createLogger('silent'),
    views: opts.views,
  })
  const server = createApp(services, opts.views).app.listen(0)
  const port = (server.address() as { port: number }).port
  try {
    const reader = createClient(port, 50)
    const cookie = await reader.signIn(opts.email, opts.password)
    await reader.time('/calendar', cookie, 5)
    const answers: number[] = []
    const body = (i: number) => JSON.stringify({ email: `flood-${i}@example.test`, password: 'Not-A-Password-1' })
    // Forty at once, each on its own connection (the flood's client is not the reader's).
    const flood = Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        fetch(`http://127.0.0.1:${port}/api/v1/tokens`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: body(i),
        }).then(r => answers.push(r.status)),
      ),
    )
    let done = false
    void flood.then(() => (done = true))
    // Open loop: a page asked for every 25 ms whatever the last one is doing, so a stall shows in
    // every request that arrives during it (a closed loop would count a 3 s stall once).
    const pages: Promise<number>[] = []
    const ask = () => {
      const t = performance.now()
      return reader.request('GET', '/calendar', { headers: { cookie } }, 200).then(() => performance.now() - t)
    }
    while (!done || pages.length < 20) {
      pages.push(ask())
      await new Promise(resolve => setTimeout(resolve, 25))
    }
    const times = await Promise.all(pages)
    await flood
    return {
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      checked: answers.filter(s => s === 401).length,
      refused: answers.filter(s => s === 429).length,
    }
  } finally {
    server.close()
    await services.passwords.close()
  }
}
