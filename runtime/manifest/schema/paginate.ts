/**
 * @module `paginate`: how a list request walks its pages. One member per strategy, each with its stop rule.
 */
import { Type } from '@sinclair/typebox'
import { Expression, Strict, TypeUnion } from './common.ts'

const MaxPages = Type.Optional(Type.Integer({ minimum: 1, description: 'Loop guard: fail the resource after this many pages (default 10000).', examples: [10000] }))

const Stop = TypeUnion('type', [
  Strict({
    type: Type.Literal('short_page', { description: 'Stop when a page holds fewer records than the page size.', examples: ['short_page'] }),
  }, { description: 'Stop on a page shorter than `size`.', examples: [{ type: 'short_page' }] }),
  Strict({
    type: Type.Literal('empty_page', { description: 'Stop when a page holds no records.', examples: ['empty_page'] }),
  }, { description: 'Stop on an empty page.', examples: [{ type: 'empty_page' }] }),
  Strict({
    type: Type.Literal('total_pages', { description: 'Stop after the page number reaches a total the provider reports.', examples: ['total_pages'] }),
    value: Expression({ description: 'Total number of pages, read from the response body (`$headers` holds lower-case response headers).', examples: ['total_pages', '$number($headers.`x-total-pages`)'] }),
  }, { description: 'Stop at a reported page total.', examples: [{ type: 'total_pages', value: '$number($headers.`x-total-pages`)' }] }),
  Strict({
    type: Type.Literal('has_more', { description: 'Stop when a flag in the response is false.', examples: ['has_more'] }),
    value: Expression({ description: 'The provider\'s "more pages" flag.', examples: ['data.hasMore'] }),
  }, { description: 'Stop when the response says there is no more.', examples: [{ type: 'has_more', value: 'has_more' }] }),
], { description: 'When the last page has been reached.', examples: [{ type: 'short_page' }] })

const Page = Strict({
  type: Type.Literal('page', { description: 'Numbered pages.', examples: ['page'] }),
  param: Type.String({ minLength: 1, description: 'Query parameter carrying the page number.', examples: ['page'] }),
  start: Type.Optional(Type.Integer({ minimum: 0, description: 'Number of the first page (default 1).', examples: [1] })),
  sizeParam: Type.Optional(Type.String({ minLength: 1, description: 'Query parameter carrying the page size.', examples: ['per_page'] })),
  size: Type.Optional(Type.Integer({ minimum: 1, description: 'Records requested per page.', examples: [100] })),
  stop: Stop,
  maxPages: MaxPages,
}, { description: 'Page-number pagination (`page=1,2,3…`).', examples: [{ type: 'page', param: 'page', sizeParam: 'per', size: 100, stop: { type: 'short_page' } }] })

const Offset = Strict({
  type: Type.Literal('offset', { description: 'Offset/limit pagination.', examples: ['offset'] }),
  param: Type.String({ minLength: 1, description: 'Query parameter carrying the offset.', examples: ['offset'] }),
  start: Type.Optional(Type.Integer({ minimum: 0, description: 'First offset (default 0; QuickBooks STARTPOSITION is 1-based).', examples: [0] })),
  sizeParam: Type.String({ minLength: 1, description: 'Query parameter carrying the page size.', examples: ['limit'] }),
  size: Type.Integer({ minimum: 1, description: 'Records requested per page.', examples: [100] }),
  stop: Stop,
  maxPages: MaxPages,
}, { description: 'Offset pagination (`offset=0,100,200…`).', examples: [{ type: 'offset', param: 'offset', sizeParam: 'limit', size: 100, stop: { type: 'short_page' } }] })

const Cursor = Strict({
  type: Type.Literal('cursor', { description: 'Opaque cursor from each response.', examples: ['cursor'] }),
  param: Type.String({ minLength: 1, description: 'Query parameter that sends the cursor back.', examples: ['page[after]'] }),
  next: Expression({ description: 'Where the next cursor sits in the response; null, empty or missing ends the walk.', examples: ['meta.page.nextCursor'] }),
  sizeParam: Type.Optional(Type.String({ minLength: 1, description: 'Query parameter carrying the page size.', examples: ['page[limit]'] })),
  size: Type.Optional(Type.Integer({ minimum: 1, description: 'Records requested per page.', examples: [100] })),
  maxPages: MaxPages,
}, { description: 'Cursor pagination; the walk ends when no next cursor is returned.', examples: [{ type: 'cursor', param: 'cursor', next: 'next_cursor' }] })

const NextUrl = Strict({
  type: Type.Literal('next_url', { description: 'The response holds the URL of the next page.', examples: ['next_url'] }),
  next: Expression({ description: 'Where the next page\'s URL sits; null ends the walk. Relative URLs resolve against the request URL.', examples: ['links.next'] }),
  maxPages: MaxPages,
}, { description: 'Follow a next-page URL until it is null.', examples: [{ type: 'next_url', next: 'links.next' }] })

const LinkHeader = Strict({
  type: Type.Literal('link_header', { description: 'RFC 8288 `Link` response header.', examples: ['link_header'] }),
  rel: Type.Optional(Type.String({ minLength: 1, description: 'Link relation of the next page (default `next`).', examples: ['next'] })),
  maxPages: MaxPages,
}, { description: 'Follow `Link: <…>; rel="next"` until absent.', examples: [{ type: 'link_header' }] })

const None = Strict({
  type: Type.Literal('none', { description: 'One response holds everything.', examples: ['none'] }),
}, { description: 'No pagination.', examples: [{ type: 'none' }] })

const Hook = Strict({
  type: Type.Literal('hook', { description: 'The connector\'s `paginate` hook decides the next request.', examples: ['hook'] }),
  size: Type.Optional(Type.Integer({ minimum: 1, description: 'Records requested per page, passed to the hook.', examples: [200] })),
  maxPages: MaxPages,
}, { description: 'Custom pagination in code, for quirks no declaration reaches (QuickBooks SQL paging).', examples: [{ type: 'hook', size: 200 }] })

/** The pagination strategies. */
export const Paginate = TypeUnion('type', [Page, Offset, Cursor, NextUrl, LinkHeader, None, Hook], {
  description: 'How to walk the pages of a list.',
  examples: [{ type: 'next_url', next: 'links.next' }],
})

export const PAGINATE_TYPES = ['page', 'offset', 'cursor', 'next_url', 'link_header', 'none', 'hook'] as const
