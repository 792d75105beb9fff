/**
 * @module Stop rules of numbered pagination (`page`, `offset`): when the last page has been reached.
 */
import type { PaginateSpec } from '../../manifest/schema/index.ts'
import { responseExpression } from './response-expression.ts'
import type { PageResult } from './types.ts'

/** A manifest stop rule. */
export type StopSpec = Extract<PaginateSpec, { type: 'page' }>['stop']

/** Decides whether a page was the last; `size` is the page size in effect (declared, or learnt from the first page). */
export type StopRule = (result: PageResult, size: number | undefined) => Promise<boolean>

const FALSY_FLAGS = new Set<unknown>([false, null, undefined, 0, '', 'false'])

/**
 * Compile a stop rule. Every rule also stops on an empty page: with numbered pages, nothing
 * can follow one, and continuing would only burn requests until `maxPages`.
 * @example
 * const stop = createStopRule({ type: 'short_page' })
 * await stop({ records: [1, 2], … }, 100) // true
 */
export function createStopRule(spec: StopSpec): StopRule {
  switch (spec.type) {
    case 'short_page':
      return async ({ records }, size) => records.length === 0 || (size !== undefined && records.length < size)
    case 'empty_page':
      return async ({ records }) => records.length === 0
    case 'total_pages': {
      const total = responseExpression(spec.value)
      return async ({ records, response, request }) => {
        if (records.length === 0) return true
        const n = Number(await total(response))
        // A missing total cannot prove there is no next page; the empty page and maxPages still end the walk.
        return Number.isFinite(n) && request.index + 1 >= n
      }
    }
    case 'has_more': {
      const flag = responseExpression(spec.value)
      return async ({ records, response }) => records.length === 0 || FALSY_FLAGS.has(await flag(response))
    }
  }
}
