/**
 * @module `page`: numbered pages (`page=1,2,3…`).
 */
import type { PaginatorFactory } from './types.ts'
import { createStopRule } from './stop.ts'

/** Numbered pages; without a declared size, the first page's length is taken as the page size. */
export const page: PaginatorFactory<'page'> = (spec) => {
  const stop = createStopRule(spec.stop)
  const start = spec.start ?? 1
  let size = spec.size
  const query = (n: number) => ({ [spec.param]: n, ...(spec.sizeParam && spec.size !== undefined ? { [spec.sizeParam]: spec.size } : {}) })
  return {
    get size() { return size },
    first: () => ({ index: 0, page: { number: start, ...(size === undefined ? {} : { size }) }, query: query(start) }),
    async next(result) {
      size ??= result.records.length || undefined
      if (await stop(result, size)) return null
      const n = (result.request.page.number ?? start + result.request.index) + 1
      return { index: result.request.index + 1, page: { number: n, ...(size === undefined ? {} : { size }) }, query: query(n) }
    },
  }
}
