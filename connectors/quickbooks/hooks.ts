/**
 * @module QuickBooks Online hooks: only what the manifest cannot declare.
 *
 * Everything else QuickBooks needs is declarative in connector.yaml: the SQL statement and its
 * incremental WHERE clause are templates, `minorversion` is a fixed query parameter, Faults in both
 * casings (and inside HTTP 200) are `http.errors` rules, and both webhook payload formats are
 * normalised by the events' `each` expression.
 */
import type { PaginateHook } from '../../runtime/components/paginators/types.ts'
import { MaestroError } from '../../runtime/errors.ts'

/**
 * SQL paging. QuickBooks has no cursor, link or page parameter: the position lives inside the SQL
 * string of the one `query` parameter as `STARTPOSITION n MAXRESULTS m`, 1-based, and the data ends
 * when `QueryResponse.<Entity>` is shorter than MAXRESULTS or absent altogether (quickbooks.md §4,
 * §9.1). The declarative `offset` paginator would write its own query parameter, so this hook only
 * moves `page.offset`, which the manifest's query template renders as `STARTPOSITION {{ page.offset + 1 }}`.
 * @example
 * paginate({ records: new Array(200), size: 200, request: { index: 0, page: { number: 1, offset: 0, size: 200 } }, pageIndex: 0, response })
 * // { page: { number: 2, offset: 200 } }
 */
export const paginate: PaginateHook = ({ records, size, request }) => {
  if (size === undefined) {
    throw new MaestroError('manifest_invalid', 'QuickBooks query paging needs `paginate.size` (the MAXRESULTS of each page).')
  }
  // An absent entity key yields no records, which is shorter than any page size.
  if (records.length < size) return null
  return { page: { number: (request.page.number ?? 1) + 1, offset: (request.page.offset ?? 0) + size } }
}
