import os from 'node:os'
import { startChild, type Child } from './children'
import { underLoad } from './load'
import type { Row } from './report'

/**
 * One and two app instances on one PostgreSQL database (issue 24): the signed-in baseline under load
 * on the first instance alone, then on both at once, each driven by a load generator of its own with
 * the same session cookie (sessions are rows, so either instance honours it). On SQLite there is one
 * instance (README, "A regional deployment"), so nothing is measured there.
 */
export async function measureScaling(opts: {
  env: Record<string, string>
  first: Child
  url: string
  headers: Record<string, string>
}): Promise<{ rows: Row[]; note: string }> {
  const second = await startChild('server', opts.env)
  try {
    const load = (c: Child) => underLoad({ url: `http://127.0.0.1:${c.port}${opts.url}`, headers: opts.headers })
    const one = await load(opts.first)
    await opts.first.quiet()
    const [a, b] = await Promise.all([load(opts.first), load(second)])
    await Promise.all([opts.first.quiet(), second.quiet()])
    const both = a.rps + b.rps
    const name = (n: string) => `baseline on ${n} on one PostgreSQL database`
    return {
      rows: [
        { name: name('one instance'), how: 'under load', ...one },
        {
          name: name('two instances at once (total; p50/p95 the slower instance)'),
          how: 'under load',
          p50: Math.max(a.p50, b.p50),
          p95: Math.max(a.p95, b.p95),
          rps: both,
          errors: a.errors + b.errors,
        },
      ],
      note:
        `Scaling: two instances served ${(both / one.rps).toFixed(2)}× one (${Math.round(one.rps)} → ` +
        `${Math.round(a.rps)} + ${Math.round(b.rps)} req/s). Here both instances, PostgreSQL and the load ` +
        `generators share this machine's ${os.cpus().length} CPUs, so a second instance has little CPU to ` +
        'add; on machines of their own each instance brings its own CPU and the database is what they share.',
    }
  } finally {
    await second.stop()
  }
}
