import { spawn } from 'node:child_process'

export interface OtherProcess {
  /** Resolves once the other process has printed `text` on a line of its own (with `say`). */
  said(text: string): Promise<void>
  /** What it has said so far, in order. */
  lines: string[]
  /** Resolves when it exits 0; rejects with what it wrote to stderr otherwise. */
  done: Promise<void>
}

/**
 * Runs `body` in a second Node process with its own better-sqlite3 connection to `filename`: another
 * instance, or `npm run worker`, writing the same SQLite file. (In this process it cannot be done: the
 * driver is synchronous, so a connection here waiting for a lock held by another connection here would
 * wait on itself.) The body has `db` (busy timeout 5 s), `say(text)` and `sleep(ms)`.
 */
export function inOtherProcess(filename: string, body: string): OtherProcess {
  const script = `
const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))})
const db = new Database(${JSON.stringify(filename)}, { timeout: 5000 })
db.pragma('foreign_keys = ON')
const say = text => process.stdout.write(text + '\\n')
const sleep = ms => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
${body}
db.close()
`
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] })
  const lines: string[] = []
  const waiting: { text: string; resolve: () => void }[] = []
  let buffered = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk
    const parts = buffered.split('\n')
    buffered = parts.pop() ?? ''
    for (const line of parts) {
      lines.push(line)
      for (const w of waiting.filter(x => x.text === line)) w.resolve()
    }
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const done = new Promise<void>((resolve, reject) =>
    child.on('exit', code =>
      code === 0 ? resolve() : reject(new Error(`the other process exited ${code}: ${stderr}`)),
    ),
  )
  return {
    lines,
    done,
    said: text =>
      lines.includes(text)
        ? Promise.resolve()
        : Promise.race([
            new Promise<void>(resolve => waiting.push({ text, resolve })),
            done.then(() => Promise.reject(new Error(`the other process ended without saying "${text}"`))),
          ]),
  }
}
