import type request from 'supertest'

// What the API tests (apiAuthentication, apiResources .test.ts) share: the bearer header, the
// RFC 9457 problem every error must be, and the fields a problem names.

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` })

/** RFC 9457: every API error says what kind of problem it is, in a shape a client can rely on. */
export function expectProblem(res: request.Response, status: number) {
  expect(res.status).toBe(status)
  expect(res.type).toBe('application/problem+json')
  const body = JSON.parse(res.text)
  expect(body).toEqual(
    expect.objectContaining({
      type: expect.any(String),
      title: expect.any(String),
      status,
      detail: expect.any(String),
    }),
  )
  expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+/)
  return body as { type: string; title: string; status: number; detail: string; errors?: { field: string }[] }
}

export const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map(e => e.field).sort()
