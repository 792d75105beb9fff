/**
 * @module Pagination stop rules that the schema alone cannot tie together: `short_page` compares
 * a page with its requested size, so it needs one.
 */
import type { ConnectorManifest } from './schema/index.ts'
import { diagnostic, type Diagnostic } from './diagnostic.ts'
import type { Positions } from './positions.ts'

/** Check each resource's paginate rule of a schema-valid manifest. */
export function checkPaginate(m: ConnectorManifest, positions: Positions, file: string): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const [name, resource] of Object.entries(m.resources)) {
    const paginate = resource.list.paginate
    if ((paginate.type === 'page' || paginate.type === 'offset') && paginate.stop.type === 'short_page' && paginate.size === undefined) {
      out.push(diagnostic(file, positions.valueSpan(['resources', name, 'list', 'paginate', 'stop', 'type']), 'missing_stop_rule',
        `\`short_page\` in \`resources.${name}.list.paginate\` needs a page \`size\` to compare pages with`,
        { hint: 'Add `size` (and usually `sizeParam`) to the paginate rule, or stop on `empty_page`.' }))
    }
  }
  return out
}
