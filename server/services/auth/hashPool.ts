import { Worker } from 'node:worker_threads'
import { TooManyRequestsError } from '../../errors'

/**
 * Password hashing off the main thread and off libuv's thread pool (which SQLite's queries use): a
 * couple of worker threads, each running one scrypt at a time, and a short queue. An attempt that
 * finds the queue full is refused at once with 429 and Retry-After, so a flood of sign-ins costs
 * the service at most two hashes at a time and a signed-in page never waits behind them
 * (OWASP ASVS 5.0 6.3.1 / 2.4.1: anti-automation that does not become a denial of service).
 */
export const BUSY = 'The service is busy checking other sign-ins. Wait a second, then try again.'

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const crypto = require('node:crypto')
parentPort.on('message', ({ id, password, salt, keyLength, options }) => {
  try {
    const key = crypto.scryptSync(password, Buffer.from(salt), keyLength, options)
    parentPort.postMessage({ id, key })
  } catch (err) {
    parentPort.postMessage({ id, error: String(err && err.message || err) })
  }
})
`

export interface ScryptJob {
  password: string
  salt: Buffer
  keyLength: number
  options: { N: number; r: number; p: number; maxmem: number }
}

interface Pending {
  job: ScryptJob
  resolve: (key: Buffer) => void
  reject: (err: Error) => void
}

export function createHashPool(opts: { threads?: number; maxQueued?: number } = {}) {
  const size = opts.threads ?? 2
  const maxQueued = opts.maxQueued ?? 8
  const idle: Worker[] = []
  const all: Worker[] = []
  const queue: Pending[] = []
  const running = new Map<number, Pending & { worker: Worker }>()
  let nextId = 1
  let closed = false

  function spawn(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true })
    // Referenced only while hashing: an idle worker must not keep a process (a test, a CLI) alive.
    worker.on('message', (m: { id: number; key?: Uint8Array; error?: string }) => {
      const job = running.get(m.id)
      if (!job) return
      running.delete(m.id)
      if (m.error || !m.key) job.reject(new Error(m.error ?? 'scrypt failed'))
      else job.resolve(Buffer.from(m.key))
      worker.unref()
      idle.push(worker)
      pump()
    })
    worker.on('error', err => {
      for (const [id, job] of running)
        if (job.worker === worker) {
          running.delete(id)
          job.reject(err)
        }
      all.splice(all.indexOf(worker), 1)
      pump()
    })
    all.push(worker)
    return worker
  }

  function pump() {
    while (queue.length && !closed) {
      const worker = idle.pop() ?? (all.length < size ? spawn() : null)
      if (!worker) return
      const next = queue.shift()!
      const id = nextId++
      running.set(id, { ...next, worker })
      worker.ref()
      worker.postMessage({ id, ...next.job, salt: new Uint8Array(next.job.salt) })
    }
  }

  return {
    /** The key scrypt derives; refused with 429 when every worker is busy and the queue is full. */
    scrypt(job: ScryptJob): Promise<Buffer> {
      if (closed) return Promise.reject(new Error('The password hashing pool is closed'))
      if (queue.length >= maxQueued) return Promise.reject(busy())
      return new Promise<Buffer>((resolve, reject) => {
        queue.push({ job, resolve, reject })
        pump()
      })
    },

    /** How many hashes are running and waiting (for tests and the bench). */
    load: () => ({ running: running.size, queued: queue.length }),

    async close(): Promise<void> {
      closed = true
      for (const p of queue.splice(0)) p.reject(new Error('The password hashing pool is closed'))
      await Promise.all(all.splice(0).map(w => w.terminate()))
    },
  }
}

export type HashPool = ReturnType<typeof createHashPool>

/** 429 with a Retry-After of one second. */
export const busy = () => new TooManyRequestsError(BUSY, 1)
