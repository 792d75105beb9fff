/**
 * @module The one error type of Maestro: stable snake_case codes, a human message and a hint.
 */

/** Every error code Maestro raises, with the HTTP status it maps to and a default hint. */
export const ERRORS = {
  // manifests
  manifest_invalid: { status: 422, hint: 'Run `maestro validate <file>` to see every problem with its line.' },
  manifest_not_found: { status: 404, hint: 'Check the path; connectors live in connectors/<id>/connector.yaml.' },
  // requests to providers
  provider_unreachable: { status: 502, hint: 'The provider did not answer; the run will retry with backoff.' },
  provider_rate_limited: { status: 429, hint: 'The provider asked us to slow down; Maestro waits and retries on its own.' },
  provider_error: { status: 502, hint: 'The provider returned an error; see details for its response.' },
  provider_response_invalid: { status: 502, hint: 'The provider sent a body that is not the JSON the manifest expects.' },
  auth_expired: { status: 401, hint: 'The access token was refused; Maestro refreshes it and retries once.' },
  pagination_loop: { status: 500, hint: 'The provider returned the same page twice; check the manifest\'s paginate rule.' },
  pagination_limit: { status: 500, hint: 'Raise paginate.maxPages if the provider really has this many pages.' },
  expression_failed: { status: 500, hint: 'Check the JSONata expression against a recorded response with `maestro validate`.' },
  mapping_invalid: { status: 422, hint: 'The mapped record does not match the canonical model; fix the resource\'s map.' },
  // connections and credentials
  connection_not_found: { status: 404, hint: 'List connections with GET /connections.' },
  connection_needs_reauth: { status: 409, hint: 'Reconnect the account from the dashboard.' },
  connection_paused: { status: 409, hint: 'Resume the connection before syncing it.' },
  connector_not_found: { status: 404, hint: 'List connectors with GET /connectors.' },
  app_not_configured: { status: 409, hint: 'Register an OAuth app for this connector in maestro.config.json or MAESTRO_APP_<ID>_* variables.' },
  oauth_state_invalid: { status: 400, hint: 'Start the connection again from the dashboard; the link expired or was already used.' },
  oauth_failed: { status: 502, hint: 'The authorization server refused the exchange; see details.' },
  credentials_unreadable: { status: 500, hint: 'The secret key changed; set MAESTRO_SECRET_KEY to the key the data was written with.' },
  sync_in_progress: { status: 409, hint: 'Wait for the running sync of this connection to finish.' },
  run_not_found: { status: 404 },
  // HTTP API
  unauthorized: { status: 401, hint: 'Send `Authorization: Bearer <token>`.' },
  forbidden: { status: 403, hint: 'This token belongs to another tenant.' },
  not_found: { status: 404 },
  invalid_request: { status: 400, hint: 'See details for the field path of each problem.' },
  payload_too_large: { status: 413 },
  signature_invalid: { status: 401, hint: 'Check the webhook secret configured for this connector\'s app.' },
  webhook_stale: { status: 401, hint: 'The signed timestamp is outside the replay window; check the sender\'s clock.' },
  internal: { status: 500 },
} as const satisfies Record<string, { status: number; hint?: string }>

export type ErrorCode = keyof typeof ERRORS

export interface MaestroErrorOptions {
  cause?: unknown
  details?: unknown
  hint?: string
}

/**
 * A coded domain error. The code is stable; the message is for people.
 * @example
 * throw new MaestroError('connection_not_found', 'No connection con_123.')
 */
export class MaestroError extends Error {
  readonly code: ErrorCode
  readonly status: number
  readonly hint?: string
  readonly details?: unknown

  constructor(code: ErrorCode, message: string, options: MaestroErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'MaestroError'
    this.code = code
    this.status = ERRORS[code].status
    this.hint = options.hint ?? ('hint' in ERRORS[code] ? (ERRORS[code] as { hint: string }).hint : undefined)
    this.details = options.details
  }

  /** The public body shape shared by every API error. */
  toJSON(): { code: string; message: string; hint?: string; details?: unknown } {
    return { code: this.code, message: this.message, ...(this.hint ? { hint: this.hint } : {}), ...(this.details === undefined ? {} : { details: this.details }) }
  }
}

/** Narrow an unknown thrown value to a MaestroError, wrapping anything else as `internal`. */
export function asMaestroError(err: unknown): MaestroError {
  if (err instanceof MaestroError) return err
  return new MaestroError('internal', err instanceof Error ? err.message : String(err), { cause: err })
}
