/**
 * @module Shared shapes of the expression compiler: jsonata's processed AST nodes, the evaluation
 * environment and the closure type every compiled node becomes.
 */

/** A node of the tree `jsonata(source).ast()` returns, after jsonata's own post-processing. */
export interface AstNode {
  type: string
  value?: any
  position?: number
  steps?: AstNode[]
  stages?: { type: string; expr: AstNode; value?: unknown }[]
  predicate?: { type: string; expr: AstNode }[]
  keepArray?: boolean
  keepSingletonArray?: boolean
  consarray?: boolean
  lhs?: any
  rhs?: AstNode
  expression?: AstNode
  expressions?: AstNode[]
  arguments?: AstNode[]
  procedure?: AstNode
  condition?: AstNode
  then?: AstNode
  else?: AstNode
  group?: unknown
  tuple?: boolean
  focus?: unknown
  index?: unknown
  ancestor?: unknown
  seekingParent?: unknown
}

/** What a compiled closure sees besides its input: the caller's bindings and the root document (`$$`). */
export interface Env {
  readonly bindings: Record<string, unknown> | undefined
  readonly root: unknown
}

/** A compiled node: the value jsonata's `evaluate(node, input, environment)` would return. */
export type Evaluator = (input: unknown, env: Env) => unknown

/** Thrown while compiling when a construct is outside the compiled subset; the expression stays on jsonata. */
export class Unsupported extends Error {
  constructor(reason: string) {
    super(reason)
    this.name = 'Unsupported'
  }
}

/** Raised while evaluating when a value reaches a code path only jsonata implements (e.g. a function-valued binding). */
export class NeedsJsonata extends Error {
  constructor(reason: string) {
    super(reason)
    this.name = 'NeedsJsonata'
  }
}

/** Names of built-in functions an expression calls and names it reads as plain variables. */
export interface Usage {
  readonly calls: Set<string>
  readonly variables: Set<string>
}

export type Compile = (node: AstNode) => Evaluator
