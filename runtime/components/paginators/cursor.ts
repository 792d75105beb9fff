/**
 * @module `cursor`: an opaque cursor from each response, sent back as a query parameter.
 */
import type { PaginatorFactory } from './types.ts'
import { responseExpression } from './response-expression.ts'
import { seenGuard } from './guards.ts'

/** Cursor pagination; the walk ends when the response holds no next cursor. */
export const cursor: PaginatorFactory<'cursor'> = (spec, deps) => {
  const next = responseExpression(spec.next)
  const guard = seenGuard(deps.resource, 'cursor')
  const sizeQuery = spec.sizeParam && spec.size !== undefined ? { [spec.sizeParam]: spec.size } : {}
  const sizeVar = spec.size === undefined ? {} : { size: spec.size }
  return {
    size: spec.size,
    first: () => ({ index: 0, page: { ...sizeVar }, query: { ...sizeQuery } }),
    async next(result) {
      const value = await next(result.response)
      if (value === undefined || value === null || value === '') return null
      const c = typeof value === 'object' ? JSON.stringify(value) : String(value)
      if (result.request.page.cursor !== undefined) guard.remember(result.request.page.cursor)
      guard.check(c)
      return { index: result.request.index + 1, page: { cursor: c, ...sizeVar }, query: { ...sizeQuery, [spec.param]: c } }
    },
  }
}
