/**
 * @module Maestro's expression layer: JSONata expressions (compiled to JavaScript where possible),
 * `{{ }}` templates and the variables they read.
 */
export { compileExpression, type Bindings, type Expression } from './expression.ts'
export { compileTemplate, isTemplate, splitTemplate, type RenderOptions, type Template, type TemplatePart } from './template.ts'
export { referencedVariables } from './variables.ts'
