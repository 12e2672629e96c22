#!/usr/bin/env node
// `npm start`: build if the compiled code is missing or older than the sources, then run it.
// `node scripts/start.js scripts/cli migrate` runs another compiled entry the same way.
// libuv's thread pool (SQLite's queries, file reads) starts on first use: sized here, before anything
// uses it. Password hashing runs in its own worker threads (server/services/auth/hashPool.ts).
process.env.UV_THREADPOOL_SIZE = process.env.UV_THREADPOOL_SIZE || '8'
const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const root = path.resolve(__dirname, '..')
const target = process.argv[2] && !process.argv[2].startsWith('-') ? process.argv[2] : 'server/main'
const entry = path.join(root, 'dist', `${target}.js`)
const main = path.join(root, 'dist/server/main.js')

function newest(dir) {
  let t = 0
  if (!fs.existsSync(dir)) return t
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    t = Math.max(t, e.isDirectory() ? newest(p) : e.name.endsWith('.ts') ? fs.statSync(p).mtimeMs : 0)
  }
  return t
}

const sources = Math.max(...['server', 'migrations', 'seeds', 'scripts'].map(d => newest(path.join(root, d))))
const built =
  fs.existsSync(main) && fs.existsSync(entry) ? Math.min(fs.statSync(main).mtimeMs, fs.statSync(entry).mtimeMs) : 0
if (built < sources) {
  process.stdout.write('Building…\n')
  execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')],
    {
      stdio: 'inherit',
    },
  )
  fs.utimesSync(main, new Date(), new Date())
  fs.utimesSync(entry, new Date(), new Date())
}
require(entry)
