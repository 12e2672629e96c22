import { Worker } from 'node:worker_threads'

/** How often committed pages are copied from the write-ahead log into the database file. */
const CHECKPOINT_EVERY_MS = 250

// Runs in a thread of its own, with a connection of its own (better-sqlite3 works synchronously: on
// the main thread a checkpoint would hold up every request while it copies pages and syncs the file).
const CHECKPOINTER = `
const fs = require('node:fs')
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
let conn = null
const timer = setInterval(() => {
  try {
    // Opened once the database exists: the app's own connection creates it and turns WAL on.
    if (!conn) {
      if (!fs.existsSync(workerData.filename)) return
      conn = new Database(workerData.filename, { fileMustExist: true })
    }
    conn.pragma('wal_checkpoint(PASSIVE)')
  } catch {
    // A checkpoint that cannot run now (the file busy, or gone) is tried again on the next turn.
  }
}, workerData.every)
parentPort.once('message', () => {
  clearInterval(timer)
  if (conn) conn.close()
  parentPort.close()
})
`

/**
 * Copies committed pages from the write-ahead log into the database file, off the request path:
 * otherwise the commit that fills the log runs the checkpoint itself, and one booking in a few dozen
 * waits for it. Durability is unchanged: every commit is already synced to the log (synchronous=FULL)
 * before it is acknowledged; this only moves pages along. PASSIVE never waits for readers or writers,
 * and a second process's checkpointer just skips a turn. Returns a stop that waits for the thread.
 */
export function startCheckpointer(filename: string): () => Promise<void> {
  const worker = new Worker(CHECKPOINTER, {
    eval: true,
    workerData: { filename, driver: require.resolve('better-sqlite3'), every: CHECKPOINT_EVERY_MS },
  })
  // It never keeps the process alive on its own.
  worker.unref()
  const exited = new Promise<void>(resolve => worker.once('exit', () => resolve()))
  worker.on('error', () => undefined)
  return () => {
    worker.postMessage('stop')
    return exited
  }
}
