import { performance } from 'node:perf_hooks'
import autocannon from 'autocannon'
import { percentile } from './http'

export const LOAD = { connections: 10, seconds: 5 }

export interface LoadResult {
  p50: number
  p95: number
  rps: number
  errors: number
}

/**
 * autocannon for LOAD.seconds from this process (the server is another), with each response's
 * latency kept so p95 is exact. A response other than `expect` counts as an error.
 */
export async function underLoad(
  opts: Partial<autocannon.Options> & { url: string },
  expect: (status: number) => boolean = s => s < 400,
): Promise<LoadResult> {
  const latencies: number[] = []
  let errors = 0
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ connections: LOAD.connections, duration: LOAD.seconds, ...opts }, (err, r) =>
      err ? reject(err) : resolve(r),
    )
    instance.on('response', (_client: unknown, status: number, _bytes: number, time: number) => {
      latencies.push(time)
      if (!expect(status)) errors += 1
    })
  })
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    rps: result.requests.total / LOAD.seconds,
    errors: errors + result.errors + result.timeouts,
  }
}

export async function timeEach(runs: number, fn: () => unknown): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now()
    await fn()
    out.push(performance.now() - t)
  }
  return out
}
