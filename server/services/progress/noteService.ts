import type { ProgressDeps } from './deps'

export function createNoteService(_deps: ProgressDeps) {
  return {}
}

export type NoteService = ReturnType<typeof createNoteService>
