/**
 * @module Source positions of a parsed YAML manifest: from a path in the document (or a character
 * inside a string value) back to the line and column an editor shows.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Scalar } from 'yaml'
import type { Span } from './diagnostic.ts'

/** A path into the parsed document: map keys and sequence indexes. */
export type Path = (string | number)[]

/** `resources.employees.list` / `webhooks.events[0].resource`, for messages. */
export function dotted(path: Path): string {
  return path.reduce<string>((out, seg) => (/^\d+$/.test(String(seg)) ? `${out}[${seg}]` : out ? `${out}.${seg}` : String(seg)), '')
}

interface Located {
  key?: Node
  value?: Node
  /** How many path segments were found; less than the path's length when it runs off the document. */
  depth: number
}

/** Answers "where in the file is this?" for one parsed document. */
export class Positions {
  constructor(
    private readonly text: string,
    private readonly doc: Document | undefined,
  ) {}

  /** Span from character offsets (end exclusive), clamped into the file. */
  span(start: number, end?: number): Span {
    const s = this.point(start)
    if (end === undefined || end <= start) return s
    const e = this.point(end)
    return { ...s, endLine: e.line, endColumn: e.column }
  }

  /** The key of the last path segment (`foo:` of an unknown property), or the value when there is no key. */
  keySpan(path: Path): Span {
    const at = this.locate(path)
    const node = at.key ?? at.value
    return node?.range ? this.span(node.range[0], node.range[1]) : this.span(0)
  }

  /** The value at the path; the nearest existing ancestor when the path does not exist. */
  valueSpan(path: Path): Span {
    const at = this.locate(path)
    const node = at.depth === path.length ? at.value ?? at.key : at.key ?? at.value
    return node?.range ? this.span(node.range[0], node.range[1]) : this.span(0)
  }

  /**
   * The span of characters `[index, index + length)` of the string value at the path, counted in
   * the parsed value (after YAML unquoting and folding). Exact for plain and `|` scalars.
   */
  innerSpan(path: Path, index: number, length = 0): Span {
    const at = this.locate(path)
    if (at.depth !== path.length || !isScalar(at.value) || typeof at.value.value !== 'string') return this.valueSpan(path)
    const map = valueToSource(this.text, at.value)
    const pick = (i: number) => map[Math.max(0, Math.min(i, map.length - 1))]
    const start = pick(index)
    if (length <= 0) return this.span(start)
    return this.span(start, pick(index + length - 1) + 1)
  }

  /** Walk the path through maps, sequences and aliases. */
  locate(path: Path): Located {
    let value: unknown = this.doc?.contents ?? undefined
    let key: Node | undefined
    let depth = 0
    for (const segment of path) {
      if (isAlias(value) && this.doc) value = value.resolve(this.doc)
      if (isMap(value)) {
        const pair = value.items.findLast((p) => keyText(p.key) === String(segment))
        if (!pair) break
        key = isScalar(pair.key) || isMap(pair.key) || isSeq(pair.key) ? pair.key as Node : undefined
        value = pair.value ?? undefined
      } else if (isSeq(value) && typeof segment === 'number' || isSeq(value) && /^\d+$/.test(String(segment))) {
        const item = value.items[Number(segment)]
        if (item === undefined) break
        key = undefined
        value = isPair(item) ? item.value : item
      } else {
        break
      }
      depth++
    }
    if (isAlias(value) && this.doc) value = value.resolve(this.doc) ?? value
    return { key, value: value && typeof value === 'object' && 'range' in value ? value as Node : undefined, depth }
  }

  private point(offset: number): Span {
    const o = Math.max(0, Math.min(offset, this.text.length))
    // Lines end at \n only, as editors and `git diff` count them; YAML also breaks lines at a lone
    // \r, so its own line counter can disagree on such files.
    this.starts ??= lineStarts(this.text)
    let lo = 0
    let hi = this.starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (this.starts[mid] <= o) lo = mid
      else hi = mid - 1
    }
    return { line: lo + 1, column: o - this.starts[lo] + 1 }
  }

  private starts?: number[]
}

function lineStarts(text: string): number[] {
  const starts = [0]
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return starts
}

const keyText = (key: unknown): string | undefined =>
  isScalar(key) ? String(key.value) : typeof key === 'string' ? key : undefined

/**
 * For each character of a string scalar's parsed value, its offset in the source text. Plain
 * one-line and literal block scalars map exactly; folded, quoted and multi-line plain scalars are
 * aligned character by character, which is exact for everything except folded whitespace.
 */
export function valueToSource(text: string, node: Scalar): number[] {
  const value = String(node.value)
  const [start, end] = node.range ?? [0, 0]
  const source = text.slice(start, end)
  if (node.type === 'PLAIN' && source === value) return [...value].map((_, i) => start + i).concat(start + value.length)
  if (node.type === 'BLOCK_LITERAL') {
    const exact = literalMap(source, value)
    if (exact) return exact.map((o) => start + o)
  }
  return alignMap(source, value, node.type).map((o) => start + o)
}

/** Exact map for `|` blocks: each content line is the source line minus the block's indentation. */
function literalMap(source: string, value: string): number[] | undefined {
  const headerEnd = source.indexOf('\n')
  if (headerEnd < 0) return undefined
  const header = source.slice(0, headerEnd)
  const explicit = /[1-9]/.exec(header.replace(/#.*$/, ''))
  const lines: { at: number; text: string }[] = []
  let at = headerEnd + 1
  for (const text of source.slice(headerEnd + 1).split('\n')) {
    lines.push({ at, text })
    at += text.length + 1
  }
  const first = lines.find((l) => l.text.trim() !== '')
  const indent = explicit ? Number(explicit[0]) : first ? first.text.length - first.text.trimStart().length : 0
  const map: number[] = []
  let built = ''
  for (const line of lines) {
    const content = line.text.length > indent ? line.text.slice(indent) : ''
    for (let i = 0; i < content.length; i++) map.push(line.at + indent + i)
    map.push(line.at + Math.min(indent, line.text.length) + content.length)
    built += `${content}\n`
    if (built.length >= value.length) break
  }
  if (!built.startsWith(value) && !value.startsWith(built)) return undefined
  while (map.length <= value.length) map.push(map[map.length - 1] ?? 0)
  return map
}

/** Walk value and source together, skipping indentation, quotes and escapes. */
function alignMap(source: string, value: string, type: Scalar['type']): number[] {
  let pos = 0
  if (type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') pos = 1
  if (type === 'BLOCK_FOLDED' || type === 'BLOCK_LITERAL') pos = Math.max(0, source.indexOf('\n') + 1)
  const map: number[] = []
  const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r'
  for (let i = 0; i < value.length; i++) {
    const c = value[i]
    // Indentation and folded line breaks in the source produce no character of their own.
    if (!isSpace(c)) while (isSpace(source[pos])) pos++
    if (type === 'QUOTE_DOUBLE' && source[pos] === '\\') {
      if (source[pos + 1] === '\n' || source[pos + 1] === '\r') {
        // An escaped line break produces nothing: skip it and the next line's indentation, then retry.
        pos += 2
        while (isSpace(source[pos])) pos++
        i--
        continue
      }
      map.push(pos)
      const kind = source[pos + 1]
      pos += kind === 'x' ? 4 : kind === 'u' ? 6 : kind === 'U' ? 10 : 2
      continue
    }
    if (type === 'QUOTE_SINGLE' && c === "'" && source[pos] === "'" && source[pos + 1] === "'") {
      map.push(pos)
      pos += 2
      continue
    }
    if (source[pos] === c) {
      map.push(pos++)
      continue
    }
    map.push(Math.min(pos, source.length))
    if (isSpace(c)) {
      // Folding turned a line break (and indentation) into this space or newline.
      while (isSpace(source[pos])) pos++
    } else {
      pos = Math.min(pos + 1, source.length)
    }
  }
  map.push(Math.min(pos, source.length))
  return map
}
