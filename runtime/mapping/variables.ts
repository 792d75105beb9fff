/**
 * @module Which context variables an expression or a template reads, for the manifest validator
 * ("`cursor` only where a cursor exists"). Works on jsonata's AST, so it sees every construct,
 * compiled subset or not.
 */
import jsonata from 'jsonata'
import type { AstNode } from './ast.ts'
import { compileError } from './expression-error.ts'
import { JSONATA_FUNCTION_NAMES } from './functions.ts'
import { splitTemplate } from './template.ts'

interface Walk {
  readonly found: Set<string>
  /** Whether bare first path steps name context variables (templates) or input fields (expressions). */
  readonly bareNames: boolean
}

type Scope = Set<string>[]

const bound = (scope: Scope, name: string): boolean => scope.some((frame) => frame.has(name))

function visitAll(nodes: AstNode[] | undefined, walk: Walk, scope: Scope, atRoot: boolean): void {
  for (const n of nodes ?? []) visit(n, walk, scope, atRoot)
}

function visitFilters(filters: { expr?: AstNode; type: string }[] | undefined, walk: Walk, scope: Scope): void {
  for (const f of filters ?? []) if (f.expr) visit(f.expr, walk, scope, false)
}

function visitPairs(pairs: [AstNode, AstNode][] | undefined, walk: Walk, scope: Scope, atRoot: boolean): void {
  for (const [k, v] of pairs ?? []) {
    visit(k, walk, scope, atRoot)
    visit(v, walk, scope, atRoot)
  }
}

/**
 * `atRoot` is true while the node's context value is the document the expression was given (for a
 * template: the context object), false inside path steps, predicates and other relative scopes.
 */
function visit(node: AstNode | undefined, walk: Walk, scope: Scope, atRoot: boolean): void {
  if (node === undefined || node === null || typeof node !== 'object') return
  const any = node as AstNode & Record<string, any>
  switch (node.type) {
    case 'variable':
      if (node.value !== '' && node.value !== '$' && !bound(scope, node.value)) walk.found.add(String(node.value))
      break
    case 'name':
      if (atRoot && walk.bareNames) walk.found.add(String(node.value))
      break
    case 'path':
      node.steps?.forEach((step, i) => {
        visit(step, walk, scope, i === 0 && atRoot)
        if (typeof step.focus === 'string') scope[scope.length - 1].add(step.focus)
        if (typeof step.index === 'string') scope[scope.length - 1].add(step.index)
        visitFilters(step.stages, walk, scope)
      })
      break
    case 'sort':
      for (const term of any.terms ?? []) visit(term.expression, walk, scope, false)
      break
    case 'bind':
      visit(node.rhs, walk, scope, atRoot)
      scope[scope.length - 1].add(String((node.lhs as AstNode).value))
      break
    case 'block': {
      const inner = [...scope, new Set<string>()]
      visitAll(node.expressions, walk, inner, atRoot)
      break
    }
    case 'lambda': {
      const params = new Set<string>((any.arguments as AstNode[] | undefined ?? []).map((p) => String(p.value)))
      visit(any.body, walk, [...scope, params], atRoot)
      break
    }
    case 'function':
    case 'partial': {
      const proc = node.procedure
      const builtinCall = proc?.type === 'variable' && JSONATA_FUNCTION_NAMES.has(String(proc.value)) && !bound(scope, String(proc.value))
      if (!builtinCall) visit(proc, walk, scope, atRoot)
      visitAll(node.arguments, walk, scope, atRoot)
      break
    }
    case 'unary':
      if (node.value === '{') visitPairs(node.lhs, walk, scope, atRoot)
      else if (node.value === '[') visitAll(node.expressions, walk, scope, atRoot)
      else visit(node.expression, walk, scope, atRoot)
      break
    case 'transform':
      visit(any.pattern, walk, scope, atRoot)
      visit(any.update, walk, scope, false)
      visit(any.delete, walk, scope, false)
      break
    default:
      visit(node.lhs as AstNode, walk, scope, atRoot)
      visit(node.rhs, walk, scope, atRoot)
      visit(node.condition, walk, scope, atRoot)
      visit(node.then, walk, scope, atRoot)
      visit(node.else, walk, scope, atRoot)
      visit(node.expression, walk, scope, atRoot)
      visitAll(node.expressions, walk, scope, atRoot)
  }
  visitFilters(node.predicate, walk, scope)
  if (node.group && typeof node.group === 'object') visitPairs((node.group as { lhs: [AstNode, AstNode][] }).lhs, walk, scope, false)
}

function collect(source: string, walk: Walk, offset?: number): void {
  let ast: AstNode
  try {
    ast = jsonata(source).ast() as never
  } catch (err) {
    throw compileError(err, offset)
  }
  visit(ast, walk, [new Set()], true)
}

/**
 * The context variables a source reads.
 * - `'expression'`: the `$name` variables, minus those bound inside it (`:=`, function parameters,
 *   `@$x`, `#$i`) and minus calls of jsonata's built-in functions (`$string(…)`). A built-in name used
 *   as a value (`$now`) is reported, since Maestro binds `now`.
 * - `'template'`: the same for every `{{ }}`, plus the first step of each path evaluated against the
 *   context itself (`config` in `{{ config.subdomain }}`, not `type` in `{{ items[type="x"] }}`).
 * Syntax errors throw `expression_failed` like `compileExpression` / `compileTemplate` do.
 * @example
 * referencedVariables('{{ config.subdomain }}-{{ $cursor }}', 'template') // Set { 'config', 'cursor' }
 */
export function referencedVariables(source: string, mode: 'template' | 'expression'): Set<string> {
  const walk: Walk = { found: new Set(), bareNames: mode === 'template' }
  if (mode === 'expression') {
    collect(source, walk)
    return walk.found
  }
  for (const part of splitTemplate(source)) if (part.kind === 'expression') collect(part.source, walk, part.offset)
  return walk.found
}
