/**
 * Freezes a value and everything in it, the values of Maps and Sets included (their entries stay
 * changeable through their methods: nothing here changes them). Buffers and typed arrays are left
 * as they are (they cannot be frozen). Returns the value.
 */
export function deepFreeze<T>(value: T, seen = new Set<unknown>()): T {
  if (value === null || typeof value !== 'object' || seen.has(value)) return value
  seen.add(value)
  if (value instanceof Map || value instanceof Set) for (const v of value.values()) deepFreeze(v, seen)
  else {
    if (ArrayBuffer.isView(value)) return value
    for (const v of Object.values(value)) deepFreeze(v, seen)
  }
  return Object.freeze(value)
}
