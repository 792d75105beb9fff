/**
 * @module The HTTP layer's view of the expression engine: `runtime/mapping` (compiled JSONata
 * with a jsonata fallback). Requests, auth appliers, classification rules and paginators reach
 * expressions only through here.
 */
export { compileExpression, compileTemplate, type Expression, type Template, type TemplatePart } from '../mapping/index.ts'
