/**
 * @module Walk a list request page by page: the sync engine's source of records.
 */
import type { ResourceSpec } from '../../manifest/schema/index.ts'
import { MaestroError } from '../../errors.ts'
import type { HttpResponse, RequestSpec } from '../../http/types.ts'
import { createPaginator } from './registry.ts'
import { repeatedPageGuard } from './guards.ts'
import { asRecords, responseExpression } from './response-expression.ts'
import type { PageRequest, PaginateHook, Paginator } from './types.ts'

/** Default page-count ceiling of one walk. */
export const DEFAULT_MAX_PAGES = 10_000

/** A resource's `list` block. */
export type ListRequestSpec = ResourceSpec['list']

/** Inputs of one walk. */
export interface WalkOptions {
  requester: { request(spec: RequestSpec, vars?: Record<string, unknown>): Promise<HttpResponse> }
  /** Resource name, for error messages. */
  resource: string
  list: ListRequestSpec
  /** Template variables: `cursor`, `parent`, `now`… (`page` is added per page). */
  vars?: Record<string, unknown>
  /** Resume: the `next` of the last committed page. */
  from?: PageRequest
  hooks?: { paginate?: PaginateHook }
  /** The record's id, when known: makes the repeated-page guard compare ids instead of whole records. */
  recordKey?: (record: unknown) => string
}

/** One page of a walk. */
export interface WalkedPage {
  records: unknown[]
  response: HttpResponse
  pageIndex: number
  request: PageRequest
  /** Where to resume after committing this page (a checkpoint); null after the last page. */
  next: PageRequest | null
}

/**
 * Fetch pages one at a time, yielding each before asking for the next, so memory holds one page.
 * Throws `pagination_loop` (same cursor/URL twice, a full page repeated) or `pagination_limit` (`maxPages`).
 * @example
 * for await (const page of walkPages({ requester, resource: 'employees', list: spec.list, vars: { cursor } })) {
 *   await store(page.records)
 *   await checkpoint(page.next)
 * }
 */
export async function* walkPages(options: WalkOptions): AsyncGenerator<WalkedPage> {
  const { requester, resource, list } = options
  const paginator: Paginator = createPaginator(list.paginate, { resource, hooks: options.hooks })
  const records = responseExpression(list.records)
  const maxPages = 'maxPages' in list.paginate && list.paginate.maxPages !== undefined ? list.paginate.maxPages : DEFAULT_MAX_PAGES
  const repeated = repeatedPageGuard(resource, options.recordKey)
  let request: PageRequest | null = options.from ?? paginator.first()

  while (request) {
    if (request.index >= maxPages) {
      throw new MaestroError('pagination_limit', `Resource "${resource}" has more than ${maxPages} pages; stopping (raise paginate.maxPages if that is real).`, { details: { resource, maxPages } })
    }
    const response = await requester.request({
      method: list.method, path: list.path, query: list.query, headers: list.headers, body: list.body,
      ...(request.url === undefined ? {} : { url: request.url }),
      overrides: { ...(request.query ? { query: request.query } : {}), ...(request.body === undefined ? {} : { body: request.body }) },
    }, { ...options.vars, page: request.page })
    const got = response.ignored ? [] : asRecords(await records(response))
    repeated(got, request.index, paginator.size)
    const next: PageRequest | null = response.ignored ? null : await paginator.next({ request, response, records: got })
    yield { records: got, response, pageIndex: request.index, request, next }
    request = next
  }
}
