/**
 * @module `none`: one response holds everything.
 */
import type { PaginatorFactory } from './types.ts'

/** A single request. */
export const none: PaginatorFactory<'none'> = () => ({
  first: () => ({ index: 0, page: {} }),
  next: () => null,
})
