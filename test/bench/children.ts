import { fork, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import type { BenchRequest, ServerMessage } from './server'

/** A server in a process of its own, and the few things the bench asks of it over IPC. */
export interface Child {
  port: number
  /** Runs `fn` and returns the SQL the server ran meanwhile (app server only). */
  queriesDuring(fn: () => Promise<unknown>): Promise<string[]>
  /** Resolves once the server's database has been quiet for `ms` (app server only). */
  quiet(ms?: number): Promise<void>
  /** Starts a CPU profile of the server's main thread, or stops it and writes it to `file`. */
  profile(what: 'start' | { file: string }): Promise<void>
  stop(): Promise<void>
}

/**
 * Forks the built JS of `script` (server.js or anchor.js, beside this file), with `env` added, and
 * waits for it to listen.
 */
export async function startChild(script: 'server' | 'anchor', env: Record<string, string> = {}): Promise<Child> {
  const child: ChildProcess = fork(path.join(__dirname, `${script}.js`), [], {
    // libuv's thread pool sized as scripts/start.js sizes it for the app.
    env: { ...process.env, UV_THREADPOOL_SIZE: '8', ...env },
    // The server's log lines go nowhere (as to a log shipper's pipe); errors are shown.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  })
  const next = () =>
    new Promise<ServerMessage>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`${script} exited with ${code}`))
      child.once('exit', onExit)
      child.once('message', (m: ServerMessage) => {
        child.off('exit', onExit)
        if ('error' in m) reject(new Error(`${script}: ${m.error}`))
        else resolve(m)
      })
    })
  const ask = (m: BenchRequest) => {
    const answer = next()
    child.send(m)
    return answer
  }
  const first = await next()
  if (!('ready' in first)) throw new Error(`${script} did not start`)
  return {
    port: first.ready,
    async queriesDuring(fn) {
      await ask({ record: true })
      await fn()
      const m = await ask({ stop: true })
      return 'queries' in m ? m.queries : []
    },
    async profile(what) {
      await ask({ profile: what === 'start' ? what : what.file })
    },
    async quiet(ms = 500) {
      await ask({ quiet: ms })
    },
    stop: () =>
      new Promise<void>(resolve => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
