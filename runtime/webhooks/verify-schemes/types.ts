/**
 * @module The contract of a webhook verification scheme: what it receives about a delivery and what it answers.
 */

/** A delivery as a scheme sees it: the exact bytes received and the headers (lower-case names). */
export interface SignedDelivery {
  /** The body exactly as received; signatures are computed over these bytes, never over re-serialised JSON. */
  rawBody: Buffer
  /** Header lookup, case-insensitive. */
  header(name: string): string | undefined
  /** Current time in milliseconds (injectable for replay-window tests). */
  now: number
}

/** A passed check; `timestamp` is the signed time in milliseconds when the scheme signs one. */
export interface Verified {
  timestamp?: number
  /** The signature as sent, usable as a replay key when the provider gives no event id. */
  signature?: string
}

/**
 * One verification scheme. `verify` resolves with what it proved, or throws MaestroError
 * `signature_invalid` / `webhook_stale`. `secret` is the rendered secret template (absent for `hook`).
 */
export interface VerifyScheme<Spec> {
  verify(spec: Spec, delivery: SignedDelivery, secret: string | undefined, context: VerifyContext): Promise<Verified>
}

/** What the `hook` scheme hands to a connector's `verifyWebhook` hook besides the delivery. */
export interface VerifyContext {
  connector: string
  /** The deployment's app registration for the connector (secrets included: hooks are trusted code). */
  app: Record<string, unknown>
  hooks: Record<string, unknown>
}

/** Input of a connector's `verifyWebhook` hook. */
export interface VerifyWebhookInput {
  rawBody: Buffer
  headers: Record<string, string>
  app: Record<string, unknown>
  now: number
}

/**
 * A connector's `verifyWebhook` hook: true when the delivery is authentic. It may throw a MaestroError
 * (`webhook_stale`) to say why not.
 */
export type VerifyWebhookHook = (input: VerifyWebhookInput) => boolean | Promise<boolean>
