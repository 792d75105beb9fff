/**
 * @module `hook`: the connector's `paginate` hook decides each next request.
 */
import { MaestroError } from '../../errors.ts'
import type { PageRequest, PaginatorFactory } from './types.ts'
import { seenGuard } from './guards.ts'

/**
 * Delegate to the connector's `paginate(state)` hook. The first page is the resource's request with
 * `page.number = 1`, `page.offset = 0` and `page.size`; after each page the hook returns
 * `{ query?, url?, body?, page? }` for the next one, or null to stop. A repeated answer trips the loop guard.
 */
const key = (r: PageRequest) => JSON.stringify({ query: r.query, url: r.url, body: r.body, page: r.page })

export const hook: PaginatorFactory<'hook'> = (spec, deps) => {
  const paginate = deps.hooks?.paginate
  if (!paginate) {
    throw new MaestroError('manifest_invalid', `Resource "${deps.resource}" uses paginate type "hook" but the connector's hooks module exports no \`paginate\` function.`)
  }
  const guard = seenGuard(deps.resource, 'request')
  const sizeVar = spec.size === undefined ? {} : { size: spec.size }
  return {
    size: spec.size,
    first: () => ({ index: 0, page: { number: 1, offset: 0, ...sizeVar } }),
    async next(result) {
      const out = await paginate({ response: result.response, records: result.records, request: result.request, pageIndex: result.request.index, size: spec.size })
      if (!out) return null
      const next = {
        index: result.request.index + 1,
        page: { ...sizeVar, ...out.page },
        ...(out.query === undefined ? {} : { query: out.query }),
        ...(out.url === undefined ? {} : { url: new URL(out.url, result.request.url ?? result.response.url).href }),
        ...(out.body === undefined ? {} : { body: out.body }),
      }
      guard.remember(key(result.request))
      guard.check(key(next))
      return next
    },
  }
}
