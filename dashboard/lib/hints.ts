/**
 * @module Error codes turned into plain words and the one thing to do about them. Codes are the server's
 * (runtime/errors.ts); the words are for an admin who is not an engineer.
 */

/** What the admin can do, rendered as a button by the error panel. */
export type AdviceAction = 'reauthorize' | 'update_credentials' | 'resume' | 'retry' | 'sign_in'

export interface Advice {
  title: string
  text: string
  action?: AdviceAction
  /** Label of the action's button. */
  actionLabel?: string
}

export interface AdviceContext {
  /** The provider's name, e.g. "QuickBooks Online". */
  provider?: string
  /** The connection reconnects through OAuth consent (else with an API key form). */
  oauth?: boolean
  /** Rate-limit waits in the last run. */
  rateLimitWaits?: number
}

const reconnect = (ctx: AdviceContext): Pick<Advice, 'action' | 'actionLabel'> => ctx.oauth
  ? { action: 'reauthorize', actionLabel: 'Re-authorize' }
  : { action: 'update_credentials', actionLabel: 'Update credentials' }

/**
 * Advice for an error code.
 * @example
 * adviceFor('connection_needs_reauth', { provider: 'Harvest', oauth: false }).action // 'update_credentials'
 */
export function adviceFor(code: string, ctx: AdviceContext = {}): Advice {
  const p = ctx.provider ?? 'The provider'
  switch (code) {
    case 'connection_needs_reauth':
    case 'needs_reauth':
    case 'auth_expired':
      return {
        title: `${p} no longer accepts this connection`,
        text: ctx.oauth
          ? `Access was revoked or expired. Sign in to ${p} again and approve access; syncing resumes right after.`
          : `The API key or token was refused — it may have been revoked or rotated. Enter a current one; syncing resumes right after.`,
        ...reconnect(ctx),
      }
    case 'provider_rate_limited':
      return {
        title: `${p} asked Maestro to slow down`,
        text: `${ctx.rateLimitWaits ? `The last sync waited ${ctx.rateLimitWaits} time${ctx.rateLimitWaits === 1 ? '' : 's'} for the provider's rate limit. ` : ''}` +
          'Maestro pauses for as long as the provider says and then continues on its own, so no data is lost. Nothing to do unless it happens on every sync.',
      }
    case 'provider_unreachable':
      return { title: `${p} did not answer`, text: 'The provider may be down for maintenance. Maestro retried with increasing waits; the next scheduled sync will try again, or you can retry now.', action: 'retry', actionLabel: 'Retry now' }
    case 'provider_error':
    case 'provider_response_invalid':
      return { title: `${p} returned an error`, text: 'This is usually temporary. Retry now; if it keeps failing, the details below help support find the cause.', action: 'retry', actionLabel: 'Retry now' }
    case 'pagination_loop':
    case 'pagination_limit':
    case 'expression_failed':
    case 'mapping_invalid':
      return { title: 'The connector could not read some data', text: `${p}'s data did not match what the connector expects. The records that could be read were saved. Send the details below to your Maestro operator.` }
    case 'credentials_unreadable':
      return { title: 'Stored credentials cannot be read', text: 'The server\'s secret key changed. Your operator must restore MAESTRO_SECRET_KEY, or you can enter the credentials again.', ...reconnect(ctx) }
    case 'app_not_configured':
      return { title: 'This provider is not set up on this server', text: 'Connecting needs an OAuth app registration for this provider. Ask your Maestro operator to register one.' }
    case 'oauth_failed':
    case 'oauth_state_invalid':
      return { title: 'The sign-in did not complete', text: 'The approval expired or was refused. Start again and approve access on the provider\'s page.', action: 'reauthorize', actionLabel: 'Try again' }
    case 'connection_paused':
      return { title: 'This connection is paused', text: 'Scheduled syncs and webhooks are on hold. Resume it to sync again.', action: 'resume', actionLabel: 'Resume' }
    case 'sync_in_progress':
      return { title: 'A sync is already running', text: 'Wait for it to finish; its progress is shown live.' }
    case 'unauthorized':
      return { title: 'Your session has expired', text: 'Sign in again to continue.', action: 'sign_in', actionLabel: 'Sign in' }
    case 'forbidden':
      return { title: 'Not allowed', text: 'Your access does not cover this item.' }
    case 'network':
      return { title: 'Maestro cannot be reached', text: 'Check your network connection; the page retries on its own.', action: 'retry', actionLabel: 'Retry' }
    case 'invalid_request':
      return { title: 'Some values need fixing', text: 'Check the highlighted fields.' }
    default:
      return { title: 'Something went wrong', text: 'Retry; if it persists, send the details below to your Maestro operator.', action: 'retry', actionLabel: 'Retry' }
  }
}
