import http from 'node:http'
import { performance } from 'node:perf_hooks'

export const percentile = (xs: number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

interface Response {
  status: number
  headers: http.IncomingHttpHeaders
  text: string
}

/** A client on kept-alive connections: one by default (one by one), more for an open-loop reader. */
export function createClient(port: number, maxSockets = 1) {
  const agent = new http.Agent({ keepAlive: true, maxSockets })

  async function request(
    method: string,
    url: string,
    opts: { headers?: Record<string, string>; body?: string } = {},
    expect?: number,
  ): Promise<Response> {
    try {
      return await send(method, url, opts, expect)
    } catch (err) {
      // A kept-alive connection the server closed as the request went out: a GET is sent once more.
      if ((err as { code?: string }).code !== 'ECONNRESET' || method !== 'GET') throw err
      return send(method, url, opts, expect)
    }
  }

  function send(
    method: string,
    url: string,
    opts: { headers?: Record<string, string>; body?: string },
    expect?: number,
  ): Promise<Response> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method, path: url, agent, headers: opts.headers }, res => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          if (expect !== undefined && res.statusCode !== expect)
            reject(new Error(`${method} ${url}: expected ${expect}, got ${res.statusCode}: ${text.slice(0, 300)}`))
          else resolve({ status: res.statusCode ?? 0, headers: res.headers, text })
        })
        res.on('error', reject)
      })
      req.on('error', reject)
      req.end(opts.body)
    })
  }

  /** Times `runs` requests with these headers one after another, after `warmUp` not counted. */
  /** `before` runs ahead of each request, untimed (the bench uses it to change the case data). */
  async function timeWith(
    url: string,
    headers: Record<string, string>,
    runs: number,
    warmUp = 5,
    before?: () => Promise<unknown>,
  ) {
    for (let i = 0; i < warmUp; i += 1) {
      await before?.()
      await request('GET', url, { headers }, 200)
    }
    const out: number[] = []
    for (let i = 0; i < runs; i += 1) {
      await before?.()
      const t = performance.now()
      await request('GET', url, { headers }, 200)
      out.push(performance.now() - t)
    }
    return out
  }

  const cookieOf = (res: Response) => (res.headers['set-cookie'] ?? []).map(c => c.split(';')[0]).join('; ')

  return {
    request,
    get: (url: string, cookie: string, expect = 200) => request('GET', url, { headers: { cookie } }, expect),

    /** Signs in through the form, CSRF token and all; returns the session cookie. */
    async signIn(email: string, password: string): Promise<string> {
      const page = await request('GET', '/sign-in', {}, 200)
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1]
      if (!csrf) throw new Error('No CSRF token on the sign-in page')
      const body = new URLSearchParams({ email, password, _csrf: csrf }).toString()
      const res = await request('POST', '/sign-in', {
        headers: { cookie: cookieOf(page), 'content-type': 'application/x-www-form-urlencoded' },
        body,
      })
      if (res.status !== 303 || /sign-in/.test(String(res.headers.location)))
        throw new Error(`Signing in as ${email} failed: ${res.status} to ${res.headers.location}`)
      return cookieOf(res)
    },

    /** Times `runs` requests one after another, after a few not counted; every one must answer 200. */
    time(url: string, cookie: string, runs: number, warmUp = 5): Promise<number[]> {
      return timeWith(url, { cookie }, runs, warmUp)
    },
    timeWith,
  }
}

export type Client = ReturnType<typeof createClient>
