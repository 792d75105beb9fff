/**
 * @module Pagination strategies by `type`. Adding one is a new file and one line in `PAGINATORS`.
 */
import type { PaginateSpec } from '../../manifest/schema/index.ts'
import { MaestroError } from '../../errors.ts'
import type { Paginator, PaginatorDeps } from './types.ts'
import { page } from './page.ts'
import { offset } from './offset.ts'
import { cursor } from './cursor.ts'
import { nextUrl } from './next-url.ts'
import { linkHeader } from './link-header.ts'
import { none } from './none.ts'
import { hook } from './hook.ts'

/** Registered pagination strategies. */
export const PAGINATORS: ReadonlyMap<string, (spec: never, deps: PaginatorDeps) => Paginator> = new Map<string, (spec: never, deps: PaginatorDeps) => Paginator>([
  ['page', page],
  ['offset', offset],
  ['cursor', cursor],
  ['next_url', nextUrl],
  ['link_header', linkHeader],
  ['none', none],
  ['hook', hook],
])

/**
 * Create a fresh paginator (one per walk: it holds the walk's loop-guard state).
 * @example
 * const p = createPaginator({ type: 'next_url', next: 'links.next' }, { resource: 'employees' })
 * p.first() // { index: 0, page: {} }
 */
export function createPaginator(spec: PaginateSpec, deps: PaginatorDeps): Paginator {
  const factory = PAGINATORS.get(spec.type) as ((spec: PaginateSpec, deps: PaginatorDeps) => Paginator) | undefined
  if (!factory) throw new MaestroError('manifest_invalid', `Unknown paginate type "${spec.type}". Known: ${[...PAGINATORS.keys()].join(', ')}.`)
  return factory(spec, deps)
}
