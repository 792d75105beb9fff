/**
 * @module Components: small strategies registered by `type` — auth appliers and paginators.
 */
export { AUTH_APPLIERS, createAuthApplier, type ApplyAuth, type AuthFactory } from './auth/index.ts'
export * from './paginators/index.ts'
