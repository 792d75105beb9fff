/**
 * @module What a JSONata expression reads, from its syntax tree: the names it reads from its input's
 * root (templates read the context this way), the `$variables` it does not bind itself, and every
 * field name it mentions (for drift hints). Positions are character offsets in the expression.
 */
import { JSONATA_FUNCTION_NAMES } from '../mapping/functions.ts'

/** A name read by an expression, with the next path step when there is one (`config.accountId`). */
export interface Ref {
  name: string
  start: number
  end: number
  field?: { name: string; start: number; end: number }
}

type AstNode = Record<string, any>

/** JSONata's built-in functions, plus the two bound per evaluation (`$now`, `$millis`): the mapping layer's list. */
export const JSONATA_FUNCTIONS: ReadonlySet<string> = JSONATA_FUNCTION_NAMES

/** Token span of a name or variable node; `position` in jsonata's tree is the offset just past the token. */
function span(node: AstNode, source: string, prefix = ''): { start: number; end: number } {
  const end = typeof node.position === 'number' ? node.position : 0
  const text = `${prefix}${String(node.value)}`
  let start = end - text.length
  if (source.slice(start, end) !== text) {
    // Backquoted names (`x-total`) end one character later than their value.
    const found = source.lastIndexOf(text, end)
    start = found >= 0 ? found : Math.max(0, start)
  }
  return { start, end: start + text.length }
}

/**
 * Names read from the root of the input: `config` and `cursor` in `config.a & cursor`, but not
 * `y` in `items[y = 1]` (a predicate reads the item).
 */
export function rootNames(ast: AstNode, source: string): Ref[] {
  const out: Ref[] = []
  visit(ast, true)
  return out

  function visit(node: unknown, atRoot: boolean): void {
    if (Array.isArray(node)) { node.forEach((n) => visit(n, atRoot)); return }
    if (!node || typeof node !== 'object') return
    const n = node as AstNode
    if (n.type === 'path' && Array.isArray(n.steps)) {
      let steps = n.steps as AstNode[]
      // `$.config` reads from the root just like `config`.
      if (atRoot && steps[0]?.type === 'variable' && steps[0].value === '' && steps.length > 1) steps = steps.slice(1)
      steps.forEach((step, i) => {
        if (i === 0 && atRoot && step.type === 'name') {
          const next = steps[1]?.type === 'name' ? steps[1] : undefined
          out.push({ name: String(step.value), ...span(step, source), ...(next ? { field: { name: String(next.value), ...span(next, source) } } : {}) })
          visitChildren(step, false)
        } else {
          visit(step, i === 0 && atRoot)
        }
      })
      return
    }
    if (n.type === 'name') {
      if (atRoot) out.push({ name: String(n.value), ...span(n, source) })
      visitChildren(n, false)
      return
    }
    visitChildren(n, atRoot)
  }

  function visitChildren(n: AstNode, atRoot: boolean): void {
    for (const [key, child] of Object.entries(n)) {
      if (key === 'steps') continue
      // Predicates, filters and group-bys read the current item, not the root.
      const inner = key === 'stages' || key === 'predicate' || key === 'group' ? false : atRoot
      if (child && typeof child === 'object') visit(child, inner)
    }
  }
}

/** `$variables` the expression reads but neither binds (`:=`, lambda parameters, `@$x`, `#$i`) nor is a JSONata function. */
export function freeVariables(ast: AstNode, source: string): Ref[] {
  const bound = new Set<string>()
  const next = new Map<AstNode, AstNode>()
  const vars: AstNode[] = []
  collect(ast)
  return vars
    .filter((v) => !bound.has(String(v.value)) && !JSONATA_FUNCTIONS.has(String(v.value)) && v.value !== '' && v.value !== '$')
    .map((v) => {
      const field = next.get(v)
      return { name: String(v.value), ...span(v, source, '$'), ...(field ? { field: { name: String(field.value), ...span(field, source) } } : {}) }
    })

  function collect(node: unknown): void {
    if (Array.isArray(node)) { node.forEach(collect); return }
    if (!node || typeof node !== 'object') return
    const n = node as AstNode
    if (n.type === 'bind' && n.lhs?.type === 'variable') {
      bound.add(String(n.lhs.value))
      collect(n.rhs)
      return
    }
    if (n.type === 'lambda') {
      for (const a of n.arguments ?? []) bound.add(String(a.value))
      collect(n.body)
      return
    }
    if (typeof n.focus === 'string') bound.add(n.focus)
    if (typeof n.index === 'string') bound.add(n.index)
    if (n.type === 'path' && n.steps?.[0]?.type === 'variable' && n.steps[1]?.type === 'name') next.set(n.steps[0], n.steps[1])
    if (n.type === 'variable') vars.push(n)
    for (const child of Object.values(n)) if (child && typeof child === 'object') collect(child)
  }
}

/**
 * Every field name the expression mentions anywhere, or `'all'` when it reads fields it cannot
 * name (`*`, `**`, `$keys($)`, `$each`, `$spread`, `$sift`, or the whole input passed on).
 */
export function fieldNames(ast: AstNode): Set<string> | 'all' {
  const names = new Set<string>()
  let all = false
  collect(ast)
  return all ? 'all' : names

  function collect(node: unknown): void {
    if (all) return
    if (Array.isArray(node)) { node.forEach(collect); return }
    if (!node || typeof node !== 'object') return
    const n = node as AstNode
    if (n.type === 'name') names.add(String(n.value))
    if (n.type === 'wildcard' || n.type === 'descendant') all = true
    if (n.type === 'function' && ['keys', 'each', 'spread', 'sift', 'merge', 'string'].includes(n.procedure?.value)
      && (n.arguments ?? []).some((a: AstNode) => a.type === 'variable' && a.value === '')) all = true
    for (const child of Object.values(n)) if (child && typeof child === 'object') collect(child)
  }
}
