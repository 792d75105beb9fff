/**
 * @module Components: small strategies registered by name — auth appliers, paginators and backoffs.
 */
export { AUTH_APPLIERS, createAuthApplier, type ApplyAuth, type AuthFactory } from './auth/index.ts'
export * from './paginators/index.ts'
export { BACKOFFS, equalJitter, fullJitter, type Backoff, type BackoffOptions } from './backoff/index.ts'
