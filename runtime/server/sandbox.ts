/**
 * @module The `--sandbox` hook of `maestro serve`: starts the provider simulators and a local OAuth server
 * and registers sandbox apps, so a fresh clone can connect providers with no account anywhere.
 */
import { MaestroError } from '../errors.ts'
import type { ServerLogger } from './deps.ts'
import type { RouteModule } from './operation.ts'

/** What the hook learns about the server it prepares. */
export interface SandboxContext {
  /** The bound server's URL (the OAuth redirect is `<url>/oauth/callback`). */
  url: string
  dataDir: string
  env: Record<string, string | undefined>
  logger: ServerLogger
}

/** What the hook hands back: configuration overlays, extra routes, lines to print, and its cleanup. */
export interface SandboxSetup {
  /** Merged over the environment before the runtime is built (e.g. `MAESTRO_APP_QUICKBOOKS_CLIENT_ID`). */
  env?: Record<string, string>
  /** A different connectors folder, if the sandbox ships its own. */
  connectorsDir?: string
  /** Route modules mounted beside the API's. */
  modules?: RouteModule[]
  /** Printed after the URL: what to open and try. */
  banner?: string[]
  close?(): Promise<void>
}

/**
 * Prepare the sandbox. Its body belongs to the sandbox (npm start) work; until it lands, `--sandbox`
 * says so plainly instead of starting a server that cannot connect anything.
 */
export async function prepareSandbox(_ctx: SandboxContext): Promise<SandboxSetup> {
  throw new MaestroError('internal', 'The sandbox is not built yet.', { hint: 'Run `maestro serve` without --sandbox.' })
}
