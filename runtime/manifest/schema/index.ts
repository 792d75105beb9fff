/**
 * @module The connector manifest language: schema, types and hook names.
 */
export * from './connector.ts'
export { AUTH_TYPES } from './auth.ts'
export { PAGINATE_TYPES } from './paginate.ts'
export { MODEL_NAMES } from './model-names.ts'
export { durationMs } from './common.ts'
