/**
 * @module `next_url`: the response holds the URL of the next page.
 */
import type { HttpResponse } from '../../http/types.ts'
import type { Paginator, PaginatorFactory } from './types.ts'
import { responseExpression } from './response-expression.ts'
import { seenGuard } from './guards.ts'

/**
 * A paginator that follows URLs read from each response, resolved against the URL just fetched.
 * Shared by `next_url` and `link_header`.
 */
export function followUrl(resource: string, read: (response: HttpResponse) => Promise<unknown>): Paginator {
  const guard = seenGuard(resource, 'URL')
  return {
    first: () => ({ index: 0, page: {} }),
    async next(result) {
      const value = await read(result.response)
      if (value === undefined || value === null || value === '') return null
      const current = result.request.url ?? result.response.url
      const url = new URL(String(value), current).href
      guard.remember(new URL(current).href)
      guard.check(url)
      return { index: result.request.index + 1, page: {}, url }
    },
  }
}

/** Follow a next-page URL from the body until it is null (Harvest `links.next`, Zenefits `data.next_url`). */
export const nextUrl: PaginatorFactory<'next_url'> = (spec, deps) => {
  const next = responseExpression(spec.next)
  return followUrl(deps.resource, next)
}
