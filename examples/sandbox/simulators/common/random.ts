/**
 * @module Seeded randomness and fake people for simulator datasets (no real names or addresses).
 */

/** A small deterministic generator (mulberry32) with the helpers the seeders need. */
export interface Random {
  next(): number
  int(min: number, max: number): number
  pick<T>(items: readonly T[]): T
  chance(p: number): boolean
  hex(length: number): string
  uuid(): string
}

/**
 * Create a generator; the same seed always yields the same sequence.
 * @example
 * const rng = createRandom(42); rng.int(1, 6)
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  const hex = (length: number): string => Array.from({ length }, () => int(0, 15).toString(16)).join('')
  return {
    next,
    int,
    hex,
    pick: (items) => items[int(0, items.length - 1)],
    chance: (p) => next() < p,
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[int(0, 3)]}${hex(3)}-${hex(12)}`,
  }
}

const FIRST = ['Ada', 'Bruno', 'Chen', 'Dalia', 'Emeka', 'Farah', 'Goran', 'Hana', 'Ivo', 'Jun', 'Kira', 'Luis', 'Mina', 'Nils', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sami', 'Tess', 'Umar', 'Vera', 'Wim', 'Xenia', 'Yusuf', 'Zoe'] as const
const LAST = ['Abara', 'Berg', 'Castell', 'Dumont', 'Eklund', 'Ferreira', 'Grady', 'Holm', 'Ishikawa', 'Jovanovic', 'Kowal', 'Lindqvist', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Quist', 'Rinaldi', 'Sorensen', 'Tanaka', 'Ulloa', 'Varga', 'Weiss', 'Yilmaz', 'Zeller'] as const

/** A deterministic fake person; `n` keeps emails unique across a dataset. */
export function fakePerson(rng: Random, n: number): { first: string; last: string; email: string } {
  const first = rng.pick(FIRST)
  const last = rng.pick(LAST)
  return { first, last, email: `${first}.${last}.${n}@example.com`.toLowerCase() }
}

/** A fake US-style phone number. */
export function fakePhone(rng: Random): string {
  return `555-${rng.int(100, 999)}-${rng.int(1000, 9999)}`
}
