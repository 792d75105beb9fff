/**
 * @module The `--sandbox` hook of `maestro serve`: starts the provider simulators and a local OAuth server
 * and registers sandbox apps, so a fresh clone can connect providers with no account anywhere.
 */
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
 * Prepare the sandbox: simulators, the local OAuth server and the sandbox apps (runtime/sandbox).
 * @example
 * await startServer({ dataDir: './data', connectorsDir: './connectors', sandbox: prepareSandbox })
 */
export async function prepareSandbox(ctx: SandboxContext): Promise<SandboxSetup> {
  const { prepareSandbox: start } = await import('../sandbox/index.ts')
  return start(ctx)
}
