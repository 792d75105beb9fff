/**
 * @module The paginator contract. A `PageRequest` is plain JSON: the sync engine stores it as a
 * checkpoint and hands it back as `from` to resume a walk.
 */
import type { PaginateSpec } from '../../manifest/schema/index.ts'
import type { HttpResponse, Scalar } from '../../http/types.ts'

/** Template variables `page.*` for the resource's path, query and body templates. */
export interface PageVars {
  number?: number
  offset?: number
  cursor?: string
  size?: number
}

/** How to fetch one page. JSON-serialisable. */
export interface PageRequest {
  /** 0-based position of this page in the walk. */
  index: number
  page: PageVars
  /** Literal query values set on top of the resource's query (`null` removes one). */
  query?: Record<string, Scalar | null>
  /** Absolute URL to fetch instead of the resource's path (next links). */
  url?: string
  /** Literal body replacing the resource's body (hook pagination). */
  body?: unknown
}

/** What a paginator sees after a page arrived. */
export interface PageResult {
  request: PageRequest
  response: HttpResponse
  records: unknown[]
}

/** One walk's pagination state machine; create a fresh one per walk. */
export interface Paginator {
  /** Records asked for per page, when the strategy knows (used by the repeated-page guard). */
  readonly size?: number
  first(): PageRequest
  /** The next page, or null after the last one. Throws `pagination_loop` when the walk would repeat itself. */
  next(result: PageResult): PageRequest | null | Promise<PageRequest | null>
}

/** State handed to a connector's `paginate` hook. */
export interface PaginateHookState {
  response: HttpResponse
  records: unknown[]
  request: PageRequest
  pageIndex: number
  size?: number
}

/** What a `paginate` hook returns for the next page; `null` ends the walk. */
export interface PaginateHookResult {
  query?: Record<string, Scalar | null>
  url?: string
  body?: unknown
  /** Extra `page.*` template variables for the next request. */
  page?: PageVars
}

/**
 * A connector's `paginate` hook, for paging no declaration can express (QuickBooks SQL
 * `STARTPOSITION`). Called after every page; return the next request's changes or null.
 */
export type PaginateHook = (state: PaginateHookState) => PaginateHookResult | null | Promise<PaginateHookResult | null>

/** What a factory may need beyond its spec. */
export interface PaginatorDeps {
  /** Resource name, for error messages. */
  resource: string
  hooks?: { paginate?: PaginateHook }
}

/** Builds a paginator for one strategy. */
export type PaginatorFactory<K extends PaginateSpec['type'] = PaginateSpec['type']> = (spec: Extract<PaginateSpec, { type: K }>, deps: PaginatorDeps) => Paginator
