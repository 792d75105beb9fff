/**
 * @module Pagination: the strategies, their registry and the page walker.
 */
export type * from './types.ts'
export { PAGINATORS, createPaginator } from './registry.ts'
export { parseLinkHeader } from './link-header.ts'
export { createStopRule, type StopRule, type StopSpec } from './stop.ts'
export { walkPages, DEFAULT_MAX_PAGES, type WalkOptions, type WalkedPage, type ListRequestSpec } from './walk.ts'
