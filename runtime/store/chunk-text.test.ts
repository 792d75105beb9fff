import { describe, expect, it } from 'vitest'
import { ChunkText } from './chunk-text.ts'

const a = { id: 'a', n: 1, nested: { s: 'x,y]}' } }
const b = { id: 'b', n: -0.5, list: [1, '"', null] }
const c = { id: 'c', text: 'line\nbreak \u2028 é' }
const parse = (t: ChunkText) => JSON.parse(t.file()).records

describe('ChunkText', () => {
  it.each([
    { name: 'arrays only', steps: [['array', [a, b]], ['array', [c]]] },
    { name: 'pieces only', steps: [['pieces', [a]], ['pieces', [b, c]]] },
    { name: 'pieces then an array', steps: [['pieces', [a]], ['array', [b, c]]] },
    { name: 'an array then pieces', steps: [['array', [a, b]], ['pieces', [c]]] },
    { name: 'an empty array in between', steps: [['array', [a]], ['array', []], ['pieces', [b]], ['array', [c]]] },
  ] as const)('appends $name into the same file content', ({ steps }) => {
    const text = ChunkText.empty()
    for (const [kind, records] of steps) {
      if (kind === 'array') text.appendArray(JSON.stringify(records))
      else text.appendPieces(records.map((r) => JSON.stringify(r)))
    }
    expect(parse(text)).toEqual([a, b, c])
    expect(text.file()).toBe(JSON.stringify({ records: [a, b, c] }))
    expect(text.pieces().map((p) => JSON.parse(p))).toEqual([a, b, c])
  })

  it('splits a body once, into exactly the strings each record stringifies to, and keeps them split', () => {
    const text = ChunkText.empty()
    text.appendArray(JSON.stringify([a, b, c]))
    expect(text.split).toBe(false)
    const pieces = text.pieces()
    expect(pieces).toEqual([a, b, c].map((r) => JSON.stringify(r)))
    expect(text.split).toBe(true)
    pieces[1] = JSON.stringify({ id: 'b2' })
    expect(parse(text)).toEqual([a, { id: 'b2' }, c])
  })

  it('writes an empty chunk as an empty record list', () => {
    expect(ChunkText.empty().file()).toBe('{"records":[]}')
    expect(ChunkText.ofPieces([]).pieces()).toEqual([])
  })
})
