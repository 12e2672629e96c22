/**
 * better-sqlite3's native part is loaded once per process and told once, by the first test file that
 * opens a database, which class its errors are (SqliteError). Jest gives every test file a registry
 * (and an Error) of its own, so in every later file in the same worker SQLite's errors were of an
 * earlier file's class: not errors there, and `rejects.toThrow` read a refused insert as "did not
 * throw" (WiseLibs/better-sqlite3#162, #1159). Run before each test file (jest.config.js
 * `setupFiles`): the native part throws this file's SqliteError. The app itself runs in one realm.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const addon = require('better-sqlite3/build/Release/better_sqlite3.node') as {
  setErrorConstructor(constructor: unknown): void
  isInitialized?: boolean
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
addon.setErrorConstructor(require('better-sqlite3/lib/sqlite-error'))
addon.isInitialized = true
