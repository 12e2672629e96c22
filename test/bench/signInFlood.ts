import { performance } from 'node:perf_hooks'
import { createClient, percentile } from './http'
import { startChild } from './children'

/**
 * Issue 19: a signed-in page while 40 sign-ins with unknown emails arrive at once, at the production
 * hash cost (N = 2^17) and bound (2 hashes at a time, 8 waiting). A server process of its own on the
 * same database, so only its sign-ins pay the production cost. Returns the page's times and how the
 * flood was answered.
 */
export async function measureSignInFlood(opts: { env: Record<string, string>; email: string; password: string }) {
  const child = await startChild('server', { ...opts.env, BENCH_SCRYPT_COST: String(2 ** 17) })
  const port = child.port
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
    await child.stop()
  }
}
