/**
 * A browser over plain fetch: one cookie jar, which it may carry to any instance of the region (as
 * a load balancer without sticky sessions would send its requests to either).
 */
export class Browser {
  private cookies = new Map<string, string>()

  async request(
    base: string,
    urlPath: string,
    init: RequestInit = {},
  ): Promise<{ status: number; location: string | null; text: string }> {
    const headers = new Headers(init.headers)
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '))
    const res = await fetch(`${base}${urlPath}`, { ...init, headers, redirect: 'manual' })
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';')
      const at = pair.indexOf('=')
      const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()]
      const expired = attributes.some(a => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0/i.test(a))
      if (expired || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return { status: res.status, location: res.headers.get('location'), text: await res.text() }
  }

  get(base: string, urlPath: string) {
    return this.request(base, urlPath)
  }

  /** GETs the form's page for its CSRF token, then POSTs the fields (urlencoded, or multipart when given a FormData). */
  async submit(base: string, pageUrl: string, fields: Record<string, string> | FormData, postUrl = pageUrl) {
    const page = await this.get(base, pageUrl)
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1]
    if (!csrf) throw new Error(`no CSRF token on ${pageUrl} (${page.status})`)
    if (fields instanceof FormData) {
      fields.set('_csrf', csrf)
      return this.request(base, postUrl, { method: 'POST', body: fields })
    }
    return this.request(base, postUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...fields, _csrf: csrf }).toString(),
    })
  }

  async signIn(base: string, email: string, password: string) {
    const res = await this.submit(base, '/sign-in', { email, password })
    if (res.status !== 303 || res.location?.startsWith('/sign-in'))
      throw new Error(`sign-in failed for ${email}: ${res.status}`)
    return res
  }

  /** The session cookie's value, to show it is one session whichever instance answers. */
  cookie(name: string): string | undefined {
    return this.cookies.get(name)
  }
}

/** A JSON call to the API of one instance, with a bearer token. */
export async function callApi<T = Record<string, unknown>>(
  base: string,
  method: string,
  apiPath: string,
  options: { token?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}/api/v1${apiPath}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}
