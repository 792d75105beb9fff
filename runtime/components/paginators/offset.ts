/**
 * @module `offset`: offset/limit pagination (`offset=0,100,200…`).
 */
import type { PaginatorFactory } from './types.ts'
import { createStopRule } from './stop.ts'

/** Offset pagination. The next offset advances by the records received, so a provider that caps the size skips nothing. */
export const offset: PaginatorFactory<'offset'> = (spec) => {
  const stop = createStopRule(spec.stop)
  const start = spec.start ?? 0
  const query = (o: number) => ({ [spec.param]: o, [spec.sizeParam]: spec.size })
  return {
    size: spec.size,
    first: () => ({ index: 0, page: { offset: start, size: spec.size, number: 1 }, query: query(start) }),
    async next(result) {
      if (await stop(result, spec.size)) return null
      const o = (result.request.page.offset ?? start) + result.records.length
      return { index: result.request.index + 1, page: { offset: o, size: spec.size, number: result.request.index + 2 }, query: query(o) }
    },
  }
}
