import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseDocument, stringify, type Scalar } from 'yaml'
import { Positions, valueToSource } from './positions.ts'

function scalarOf(text: string, key = 'k'): { node: Scalar; positions: Positions } {
  const doc = parseDocument(text)
  return { node: doc.get(key, true) as Scalar, positions: new Positions(text, doc) }
}

describe('valueToSource', () => {
  it.each([
    { name: 'plain', text: 'k: a + b.c\n' },
    { name: 'literal block', text: 'k: |\n  {\n    "a": x,\n      "b": y\n  }\n' },
    { name: 'literal block, strip chomping and a comment', text: 'k: |- # note\n    one\n\n    two\n' },
    { name: 'literal block with explicit indentation', text: 'k: |2\n    indented\n  two\n' },
  ])('maps every character exactly: $name', ({ text }) => {
    const { node } = scalarOf(text)
    const value = String(node.value)
    const map = valueToSource(text, node)
    for (let i = 0; i < value.length; i++) expect([i, text[map[i]]]).toEqual([i, value[i]])
  })

  it.each([
    { name: 'double quotes with escapes', text: 'k: "a\\"b\\\\c \\u0041 d"\n' },
    { name: 'single quotes with a doubled quote', text: "k: 'it''s x'\n" },
    { name: 'folded block', text: 'k: >\n  one two\n  three\n\n  four\n' },
    { name: 'multi-line plain', text: 'k: one\n  two   three\n   four\n' },
  ])('maps every non-space character onto itself or its escape: $name', ({ text }) => {
    const { node } = scalarOf(text)
    const value = String(node.value)
    const map = valueToSource(text, node)
    for (let i = 0; i < value.length; i++) {
      if (/\s/.test(value[i])) continue
      expect([value[i], text[map[i]] === value[i] || text[map[i]] === '\\']).toEqual([value[i], true])
    }
  })

  const styles = ['PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'] as const
  it('maps non-space characters of any string in any scalar style, in order', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', '"', "'", '\\', '{', '}', ':', '#', 'é') }), fc.constantFrom(...styles), (value, style) => {
      const text = stringify({ k: value }, { defaultStringType: style, defaultKeyType: 'PLAIN', lineWidth: 20, minContentWidth: 5 })
      const { node } = scalarOf(text)
      fc.pre(node && node.value === value)
      const map = valueToSource(text, node)
      expect(map.length).toBe(value.length + 1)
      for (let i = 1; i < map.length; i++) expect(map[i]).toBeGreaterThanOrEqual(map[i - 1])
      for (let i = 0; i < value.length; i++) {
        if (/\s/.test(value[i])) continue
        expect(text[map[i]] === value[i] || text[map[i]] === '\\').toBe(true)
      }
    }), { numRuns: 300 })
  })
})

describe('Positions', () => {
  const text = 'a:\n  b: [x, "yy"]\n  c: |\n    z\n'
  const { positions } = scalarOf(text, 'a')

  it.each([
    { name: 'key of a property', span: () => positions.keySpan(['a', 'b']), want: { line: 2, column: 3, endLine: 2, endColumn: 4 } },
    { name: 'value of a property', span: () => positions.valueSpan(['a', 'b']), want: { line: 2, column: 6, endLine: 2, endColumn: 15 } },
    { name: 'a sequence item', span: () => positions.valueSpan(['a', 'b', 1]), want: { line: 2, column: 10, endLine: 2, endColumn: 14 } },
    { name: 'a missing path falls back to the nearest key', span: () => positions.valueSpan(['a', 'nope', 'deeper']), want: { line: 1, column: 1, endLine: 1, endColumn: 2 } },
    { name: 'a character inside a quoted string', span: () => positions.innerSpan(['a', 'b', 1], 1, 1), want: { line: 2, column: 12, endLine: 2, endColumn: 13 } },
    { name: 'a character inside a block scalar', span: () => positions.innerSpan(['a', 'c'], 0, 1), want: { line: 4, column: 5, endLine: 4, endColumn: 6 } },
    { name: 'an offset past the end is clamped', span: () => positions.span(10_000), want: { line: 5, column: 1 } },
    { name: 'a lone carriage return does not start a line', span: () => new Positions('a: "x\ry"\nb: 1', undefined).span(9), want: { line: 2, column: 1 } },
  ])('$name', ({ span, want }) => {
    expect(span()).toEqual(want)
  })
})
