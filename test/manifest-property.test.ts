import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isScalar, parseDocument, stringify, visit, type Scalar } from 'yaml'
import { loadManifest, type Diagnostic } from '../runtime/manifest/index.ts'

const example = readFileSync(join(import.meta.dirname, '..', 'examples', 'manifests', 'complete.yaml'), 'utf8')

/** Every diagnostic must point inside the text: an existing line, a column up to one past its end. */
function expectInside(text: string, diagnostics: Diagnostic[]): void {
  const lines = text.split('\n')
  const inside = (line: number, column: number) =>
    Number.isInteger(line) && Number.isInteger(column) && line >= 1 && line <= lines.length && column >= 1 && column <= lines[line - 1].length + 1
  for (const d of diagnostics) {
    expect(d.code, d.message).not.toBe('internal_error')
    expect(inside(d.line, d.column), `${d.code} at ${d.line}:${d.column}`).toBe(true)
    if (d.endLine !== undefined) expect(inside(d.endLine, d.endColumn ?? 1), `${d.code} ends at ${d.endLine}:${d.endColumn}`).toBe(true)
    expect(typeof d.message).toBe('string')
    expect(typeof d.hint).toBe('string')
  }
}

/** Strings that tend to break things: template and JSONata syntax, YAML indicators, names of the language. */
const nasty = fc.oneof(
  fc.string(),
  fc.constantFrom('{{', '}}', '{{ cursor }}', '{{ id', '$', '$parent.id', '(', ')', '"', "'", '`', '\n', '\t', ':', '#', '- ', '&a', '*a',
    'curser', 'employees', 'none', 'hook', 'page', 'Employee', '5m', '-1', '0', 'https://', '{ "a": b c }', '[', ']'),
  fc.array(fc.constantFrom('{{ ', ' }}', 'config.', 'x', '$', ' ', '(', '"', ':', '\n  '), { maxLength: 8 }).map((a) => a.join('')),
)
const scalarValue = fc.oneof(nasty, fc.integer(), fc.double(), fc.boolean(), fc.constant(null))

describe('loadManifest never throws', () => {
  it('on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (text) => {
      expectInside(text, loadManifest(text, 'x.yaml').diagnostics)
    }), { numRuns: 300 })
  })

  it('on arbitrary YAML documents', () => {
    fc.assert(fc.property(fc.anything({ maxDepth: 4 }), (value) => {
      let text: string | undefined
      try {
        text = stringify(value)
      } catch {
        return // some values (e.g. symbols) have no YAML form
      }
      if (typeof text !== 'string') return // undefined has none either
      expectInside(text, loadManifest(text, 'x.yaml').diagnostics)
    }), { numRuns: 300 })
  })

  it('on manifest-shaped YAML with random values', () => {
    const shaped = fc.record({
      id: scalarValue, name: scalarValue, category: scalarValue,
      auth: fc.record({ type: fc.constantFrom('oauth2', 'api_key', 'basic', 'bearer', 'x'), tokenUrl: scalarValue, value: scalarValue }, { requiredKeys: ['type'] }),
      http: fc.record({ baseUrl: scalarValue, headers: fc.dictionary(fc.string(), scalarValue, { maxKeys: 3 }) }),
      resources: fc.dictionary(fc.constantFrom('employees', 'teams', 'Bad', ''), fc.record({
        model: scalarValue, id: scalarValue, map: scalarValue, parent: fc.record({ resource: scalarValue }),
        list: fc.record({ path: scalarValue, records: scalarValue, paginate: fc.record({ type: fc.constantFrom('page', 'cursor', 'curser', 'none', 'hook'), param: scalarValue, next: scalarValue, stop: fc.record({ type: scalarValue }) }) }),
      }, { requiredKeys: [] }), { maxKeys: 3 }),
    }, { requiredKeys: [] })
    fc.assert(fc.property(shaped, (value) => {
      const text = stringify(value)
      expectInside(text, loadManifest(text, 'x.yaml').diagnostics)
    }), { numRuns: 100 })
  })
})

describe('diagnostics of a mutated complete example point inside the file', () => {
  it('starts from a clean example', () => {
    expect(loadManifest(example, 'complete.yaml').diagnostics).toEqual([])
  })

  it('when keys and values are replaced', () => {
    const base = parseDocument(example)
    let scalars = 0
    visit(base, { Scalar() { scalars++ } })
    const mutation = fc.array(fc.record({ at: fc.nat({ max: scalars - 1 }), value: scalarValue }), { minLength: 1, maxLength: 4 })
    fc.assert(fc.property(mutation, (edits) => {
      const doc = base.clone()
      const nodes: Scalar[] = []
      visit(doc, { Scalar(_, node) { nodes.push(node) } })
      for (const edit of edits) {
        const node = nodes[edit.at]
        node.value = edit.value
        // Let the library choose a style that can hold the new value.
        if (isScalar(node)) node.type = undefined
      }
      const text = doc.toString({ lineWidth: 0 })
      expectInside(text, loadManifest(text, 'complete.yaml').diagnostics)
    }), { numRuns: 100 })
  })

  it('when characters are inserted or deleted', () => {
    const splice = fc.array(fc.record({ at: fc.nat({ max: example.length }), remove: fc.nat({ max: 3 }), insert: nasty }), { minLength: 1, maxLength: 3 })
    fc.assert(fc.property(splice, (edits) => {
      let text = example
      for (const e of edits) {
        const at = Math.min(e.at, text.length)
        text = text.slice(0, at) + e.insert + text.slice(at + e.remove)
      }
      expectInside(text, loadManifest(text, 'complete.yaml').diagnostics)
    }), { numRuns: 100 })
  })
})
