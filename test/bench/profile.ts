import fs from 'node:fs'
import path from 'node:path'

// `node dist-bench/test/bench/profile.js <dir or .cpuprofile>`: the top self-time functions, and self
// time by package, of the profile `BENCH_PROFILE=<file>.cpuprofile npm run bench` wrote for the app
// server while the pages were under load.

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const where = (url: string) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (m) return m[1]
  if (url.includes('/dist')) return 'app'
  if (url.startsWith('node:')) return 'node'
  return url ? 'other' : '(VM)'
}

function summarise(files: string[], top = 25) {
  const byFunction = new Map<string, number>()
  const byPackage = new Map<string, number>()
  let total = 0
  for (const file of files) {
    const p = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile
    const nodes = new Map(p.nodes.map(n => [n.id, n]))
    p.samples.forEach((id, i) => {
      const dt = p.timeDeltas[i] ?? 0
      const { functionName, url, lineNumber } = nodes.get(id)!.callFrame
      const name = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*(node_modules|dist[^/]*)\//, '$1/')}:${lineNumber + 1}` : ''}`
      byFunction.set(name, (byFunction.get(name) ?? 0) + dt)
      const pkg = url ? where(url) : functionName
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + dt)
      total += dt
    })
  }
  // Shares of the time the main thread was busy; idle (waiting on the database or the network) apart.
  const idle = byPackage.get('(idle)') ?? 0
  byPackage.delete('(idle)')
  byFunction.delete('(idle) ')
  const busy = total - idle
  const pct = (n: number) => `${((100 * n) / busy).toFixed(1)}%`
  const rows = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `| ${k} | ${(v / 1000).toFixed(0)} ms | ${pct(v)} |`)
  return [
    `${files.length} profile(s), ${(total / 1e6).toFixed(1)} s sampled, idle ${((100 * idle) / total).toFixed(0)}%; shares below are of the busy time`,
    '',
    '| self time by package | ms | share |',
    '|---|---|---|',
    ...rows(byPackage, 20),
    '',
    '| function (self time) | ms | share |',
    '|---|---|---|',
    ...rows(byFunction, top),
  ].join('\n')
}

const target = process.argv[2]
if (!target) throw new Error('usage: profile.js <dir or .cpuprofile>')
const files = fs.statSync(target).isDirectory()
  ? fs
      .readdirSync(target)
      .filter(f => f.endsWith('.cpuprofile'))
      .map(f => path.join(target, f))
  : [target]
process.stdout.write(`${summarise(files, Number(process.argv[3] ?? 30))}\n`)
