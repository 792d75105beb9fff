/**
 * @module The dashboard's events: small classes named `maestro-*`, all bubbling out of shadow roots
 * (`composed`). Requests a host page may veto are `cancelable`: call `preventDefault()` on one and the
 * dashboard does not act on it.
 */
import type { Connection, ConnectionCreate } from './api/types.ts'

const base = (cancelable: boolean): EventInit => ({ bubbles: true, composed: true, cancelable })

/** Where the dashboard can be. */
export type Route =
  | { view: 'overview' }
  | { view: 'connect'; connector?: string }
  | { view: 'connection'; id: string; panel?: 'credentials' }
  | { view: 'records'; id: string; model?: string }
  | { view: 'audit' }

/** The admin asked to open a view. Cancel it to route yourself. */
export class MaestroNavigateEvent extends Event {
  static readonly type = 'maestro-navigate'
  constructor(readonly route: Route) { super(MaestroNavigateEvent.type, base(true)) }
}

/** The admin picked a connector in the catalog. */
export class MaestroConnectorSelectedEvent extends Event {
  static readonly type = 'maestro-connector-selected'
  constructor(readonly connector: string) { super(MaestroConnectorSelectedEvent.type, base(true)) }
}

/** The connect form passed validation and asks to create the connection (OAuth connectors continue to consent). */
export class MaestroConnectSubmitEvent extends Event {
  static readonly type = 'maestro-connect-submit'
  constructor(readonly body: ConnectionCreate) { super(MaestroConnectSubmitEvent.type, base(true)) }
}

/** New credentials for an existing connection (an API key was refused or rotated). */
export class MaestroCredentialsSubmitEvent extends Event {
  static readonly type = 'maestro-credentials-submit'
  constructor(readonly connectionId: string, readonly config: Record<string, string | number | boolean>, readonly credentials: Record<string, string | number | boolean>) {
    super(MaestroCredentialsSubmitEvent.type, base(true))
  }
}

/**
 * Start (or restart) OAuth consent for a connection. `fresh` marks a connection created just for this
 * consent: abandoning the consent deletes it again.
 */
export class MaestroAuthorizeRequestedEvent extends Event {
  static readonly type = 'maestro-authorize-requested'
  constructor(readonly connectionId: string, readonly fresh = false) { super(MaestroAuthorizeRequestedEvent.type, base(true)) }
}

/** "Sync now". */
export class MaestroSyncRequestedEvent extends Event {
  static readonly type = 'maestro-sync-requested'
  constructor(readonly connectionId: string, readonly resources?: string[]) { super(MaestroSyncRequestedEvent.type, base(true)) }
}

/** Pause or resume a connection. */
export class MaestroPauseRequestedEvent extends Event {
  static readonly type = 'maestro-pause-requested'
  constructor(readonly connectionId: string, readonly paused: boolean) { super(MaestroPauseRequestedEvent.type, base(true)) }
}

/** A new schedule: a cron expression, or null for manual syncs only. */
export class MaestroScheduleChangeEvent extends Event {
  static readonly type = 'maestro-schedule-change'
  constructor(readonly connectionId: string, readonly schedule: string | null) { super(MaestroScheduleChangeEvent.type, base(true)) }
}

/** Delete a connection (asked after the admin confirmed). */
export class MaestroDeleteRequestedEvent extends Event {
  static readonly type = 'maestro-delete-requested'
  constructor(readonly connectionId: string) { super(MaestroDeleteRequestedEvent.type, base(true)) }
}

/** An advice action from the error panel (retry, sign in…). */
export class MaestroActionEvent extends Event {
  static readonly type = 'maestro-action'
  constructor(readonly action: string, readonly connectionId?: string) { super(MaestroActionEvent.type, base(true)) }
}

/** Page through a list: `cursor` of the page wanted (undefined = first page). */
export class MaestroPageEvent extends Event {
  static readonly type = 'maestro-page'
  constructor(readonly cursor: string | undefined, readonly direction: 'next' | 'previous' | 'first') { super(MaestroPageEvent.type, base(false)) }
}

/** A filter changed (tenant, status, model, raw data, search). */
export class MaestroFilterEvent extends Event {
  static readonly type = 'maestro-filter'
  constructor(readonly name: string, readonly value: string | boolean | undefined) { super(MaestroFilterEvent.type, base(false)) }
}

/** The standalone page's sign-in form submitted a token. */
export class MaestroTokenSubmitEvent extends Event {
  static readonly type = 'maestro-token-submit'
  constructor(readonly token: string) { super(MaestroTokenSubmitEvent.type, base(false)) }
}

/** Told to the host page: a connection is ready (created with an API key, or authorized by consent). */
export class MaestroConnectedEvent extends Event {
  static readonly type = 'maestro-connected'
  constructor(readonly connection: Connection) { super(MaestroConnectedEvent.type, base(false)) }
}

/** Told to the host page: the token was refused (expired or revoked). Give the dashboard a new `token`. */
export class MaestroUnauthorizedEvent extends Event {
  static readonly type = 'maestro-unauthorized'
  constructor() { super(MaestroUnauthorizedEvent.type, base(false)) }
}

/** A notice's close button was pressed. */
export class MaestroToastDismissEvent extends Event {
  static readonly type = 'maestro-toast-dismiss'
  constructor(readonly id: number) { super(MaestroToastDismissEvent.type, base(false)) }
}

declare global {
  interface HTMLElementEventMap {
    'maestro-navigate': MaestroNavigateEvent
    'maestro-connector-selected': MaestroConnectorSelectedEvent
    'maestro-connect-submit': MaestroConnectSubmitEvent
    'maestro-credentials-submit': MaestroCredentialsSubmitEvent
    'maestro-authorize-requested': MaestroAuthorizeRequestedEvent
    'maestro-sync-requested': MaestroSyncRequestedEvent
    'maestro-pause-requested': MaestroPauseRequestedEvent
    'maestro-schedule-change': MaestroScheduleChangeEvent
    'maestro-delete-requested': MaestroDeleteRequestedEvent
    'maestro-action': MaestroActionEvent
    'maestro-page': MaestroPageEvent
    'maestro-filter': MaestroFilterEvent
    'maestro-token-submit': MaestroTokenSubmitEvent
    'maestro-connected': MaestroConnectedEvent
    'maestro-unauthorized': MaestroUnauthorizedEvent
    'maestro-toast-dismiss': MaestroToastDismissEvent
  }
}

/**
 * Act on a cancelable request once every listener had its say: the dispatch is synchronous, so a
 * microtask queued during it runs after the host page's listeners, when `defaultPrevented` is final.
 * @example
 * this.addEventListener('maestro-sync-requested', (e) => unlessVetoed(e, () => client.sync(e.connectionId)))
 */
export function unlessVetoed(event: Event, act: () => unknown): void {
  queueMicrotask(() => {
    if (event.defaultPrevented) return
    Promise.resolve().then(act).catch((err: unknown) => console.error('[maestro]', err))
  })
}
