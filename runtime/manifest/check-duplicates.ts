/**
 * @module Repeated keys in any YAML mapping. YAML would keep only the last value, so a second
 * `employees:` resource would silently replace the first.
 */
import { isMap, isScalar, visit, type Document } from 'yaml'
import { diagnostic, type Diagnostic } from './diagnostic.ts'
import type { Positions } from './positions.ts'

/** One diagnostic per repeated key, at the repetition; `duplicate_resource` directly under `resources`. */
export function checkDuplicateKeys(doc: Document, positions: Positions, file: string): Diagnostic[] {
  const out: Diagnostic[] = []
  const root = doc.contents
  const resources = isMap(root) ? root.items.find((p) => isScalar(p.key) && p.key.value === 'resources')?.value : undefined
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>()
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue
        const key = String(pair.key.value)
        const range = pair.key.range
        if (seen.has(key) && range) {
          const span = positions.span(range[0], range[1])
          out.push(map === resources
            ? diagnostic(file, span, 'duplicate_resource', `resource \`${key}\` is declared twice`)
            : diagnostic(file, span, 'duplicate_key', `key \`${key}\` appears twice in the same mapping; the later value would win`))
        }
        seen.add(key)
      }
    },
  })
  return out
}
