import type { Child } from './children'
import type { Client } from './http'
import type { NationalData } from './nationalData'

/** The number of queries a page makes does not grow with the cases on it (counted in the server). */
export async function countFlatQueries(
  server: Child,
  http: Client,
  data: NationalData,
  cookies: { clerkCookie: string; officerCookie: string; smallOfficerCookie: string },
  /** Changes the case data, so a page kept in memory is read afresh (its queries are the ones counted). */
  forget: () => Promise<unknown>,
): Promise<{ lines: string[]; notes: string[]; missed: string[] }> {
  const { clerkCookie, officerCookie, smallOfficerCookie } = cookies
  const flat = [
    {
      name: 'court list',
      small: [`/sittings/${data.smallSittingId}`, clerkCookie, `${data.smallSittingCases} cases`],
      large: [`/sittings/${data.fullSittingId}`, clerkCookie, '20 cases'],
    },
    {
      name: 'hearing pack (HTML)',
      small: [`/sittings/${data.smallSittingId}/pack`, clerkCookie, `${data.smallSittingCases} cases`],
      large: [`/sittings/${data.fullSittingId}/pack`, clerkCookie, '20 cases'],
    },
    {
      name: 'caseload',
      small: ['/caseload', smallOfficerCookie, `${data.smallOfficer.cases} cases`],
      large: ['/caseload', officerCookie, `${data.officer.cases} cases`],
    },
    {
      name: 'person',
      small: [`/people/${data.personWithOneOrderId}`, clerkCookie, 'one order'],
      large: [`/people/${data.personWithHistoryId}`, clerkCookie, 'two orders'],
    },
  ]
  const queriesOf = async (url: string, cookie: string) => {
    await forget()
    return server.queriesDuring(() => http.get(url, cookie, 200))
  }
  const lines = ['| queries per page | fewer cases | more cases | result (must not grow) |', '|---|---|---|---|']
  const notes: string[] = []
  const missed: string[] = []
  for (const f of flat) {
    const a = await queriesOf(f.small[0], f.small[1])
    const b = await queriesOf(f.large[0], f.large[1])
    if (process.env.BENCH_SHOW_QUERIES)
      notes.push(`${f.name}:`, ...a.map(q => `  ${q}`), '  --', ...b.map(q => `  ${q}`))
    if (b.length > a.length) {
      const extra = [...b]
      for (const q of a) if (extra.includes(q)) extra.splice(extra.indexOf(q), 1)
      missed.push(`${f.name}: queries grow with the cases (${a.length} → ${b.length})`)
      notes.push(`${f.name}: with more cases it also ran ${extra.map(q => q.slice(0, 120)).join(' / ')}`)
    }
    lines.push(
      `| ${f.name} | ${f.small[2]}: ${a.length} | ${f.large[2]}: ${b.length} | ${b.length > a.length ? 'MISSED' : 'ok'} |`,
    )
  }
  return { lines, notes, missed }
}
