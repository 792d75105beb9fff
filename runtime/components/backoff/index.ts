/**
 * @module Backoff strategies by name; adding one is one file and one line here.
 */
import { equalJitter } from './equal-jitter.ts'
import { fullJitter } from './full-jitter.ts'
import type { Backoff } from './types.ts'

export type { Backoff, BackoffOptions } from './types.ts'
export { equalJitter, fullJitter }

export const BACKOFFS = new Map<string, Backoff>([
  ['full_jitter', fullJitter],
  ['equal_jitter', equalJitter],
])
