/**
 * @module The sandbox behind `npm start` (`maestro serve --sandbox`): provider simulators (Harvest, BambooHR,
 * QuickBooks with its Intuit-shaped OAuth front) and a real OAuth authorization server (oidc-provider), all on
 * 127.0.0.1, with sandbox app registrations pointing the real connector manifests at them. Nothing here
 * reaches the internet, and no account is needed anywhere.
 */
import { randomBytes } from 'node:crypto'
import { startOAuthServer, type OAuthServer } from '../../examples/sandbox/oauth-server.ts'
import { startBambooHRSimulator, type BambooHRSimulator } from '../../examples/sandbox/simulators/bamboohr.ts'
import { startHarvestSimulator, type HarvestSimulator } from '../../examples/sandbox/simulators/harvest.ts'
import { introspectionVerifier, startQuickBooksSimulator, type QuickBooksSimulator } from '../../examples/sandbox/simulators/quickbooks.ts'
import { sandboxBanner } from './banner.ts'

/** What the hook learns about the server it prepares (the server's `SandboxContext`). */
export interface SandboxInput {
  /** The bound server's URL; the OAuth redirect is `<url>/oauth/callback`. */
  url: string
  dataDir: string
  env: Record<string, string | undefined>
  logger: { info(message: string): void; warn(message: string): void; error(message: string): void }
}

/** What the hook hands back (the server's `SandboxSetup`). */
export interface SandboxOutput {
  /** App registrations as `MAESTRO_APP_<CONNECTOR>_<FIELD>` variables, merged over the environment. */
  env: Record<string, string>
  banner: string[]
  close(): Promise<void>
}

/** The running sandbox, for tests that drive the simulators. */
export interface Sandbox extends SandboxOutput {
  harvest: HarvestSimulator
  bamboohr: BambooHRSimulator
  quickbooks: QuickBooksSimulator
  oauth: OAuthServer
  /** Secrets of the sandbox apps (the QuickBooks verifier token signs its webhooks; BambooHR's private key signs its). */
  secrets: { quickbooksClientSecret: string; quickbooksVerifier: string; bamboohrWebhookKey: string }
}

// Fixed seeds: a restarted sandbox serves the same data and the same Harvest / BambooHR keys, so saved
// connections keep working. QuickBooks tokens live in the in-memory OAuth server and need a new consent.
const SEED = 7
const QUICKBOOKS_CLIENT_ID = 'maestro-sandbox-quickbooks'
const QUICKBOOKS_REALM = '9130358000000007'

/**
 * Start the sandbox's servers and describe the apps that point at them.
 * @example
 * const sandbox = await startSandbox({ url: 'http://127.0.0.1:3000', dataDir: './data', env: process.env, logger: console })
 * // createRuntime({ env: { ...process.env, ...sandbox.env } }) … then sandbox.close()
 */
export async function startSandbox(input: SandboxInput): Promise<Sandbox> {
  const started: Array<{ close(): Promise<void> }> = []
  const closeAll = async () => {
    for (const s of started.reverse()) await s.close().catch(() => undefined)
  }
  try {
    const secrets = {
      quickbooksClientSecret: `qbs-${randomBytes(18).toString('base64url')}`,
      quickbooksVerifier: `qbv-${randomBytes(18).toString('base64url')}`,
      bamboohrWebhookKey: randomBytes(16).toString('hex'),
    }
    const harvest = await startHarvestSimulator({ seed: SEED, counts: { users: 42, timeEntries: 300 } })
    started.push(harvest)
    const bamboohr = await startBambooHRSimulator({ seed: SEED, counts: { employees: 60 } })
    started.push(bamboohr)

    // The QuickBooks simulator accepts only access tokens the OAuth server says are active (introspection).
    let verify: (token: string) => Promise<boolean> = async () => false
    const quickbooks = await startQuickBooksSimulator({ seed: SEED, realms: [QUICKBOOKS_REALM], counts: { employees: 35, timeActivities: 200 }, verifyToken: (t) => verify(t) })
    started.push(quickbooks)
    const oauth = await startOAuthServer({
      clients: [{ clientId: QUICKBOOKS_CLIENT_ID, clientSecret: secrets.quickbooksClientSecret, redirectUris: [quickbooks.oauth.returnUrl], tokenAuth: 'client_secret_basic' }],
      scopes: ['com.intuit.quickbooks.accounting'],
      accessTokenTtl: 3600,
      rotateRefreshTokens: true,
    })
    started.push(oauth)
    verify = introspectionVerifier({ server: oauth, clientId: QUICKBOOKS_CLIENT_ID, clientSecret: secrets.quickbooksClientSecret })
    quickbooks.attachOAuth(oauth, () => QUICKBOOKS_REALM)

    const env: Record<string, string> = {
      MAESTRO_APP_QUICKBOOKS_CLIENT_ID: QUICKBOOKS_CLIENT_ID,
      MAESTRO_APP_QUICKBOOKS_CLIENT_SECRET: secrets.quickbooksClientSecret,
      MAESTRO_APP_QUICKBOOKS_REDIRECT_URI: `${input.url}/oauth/callback`,
      MAESTRO_APP_QUICKBOOKS_WEBHOOK_SECRET: secrets.quickbooksVerifier,
      MAESTRO_APP_QUICKBOOKS_BASE_URL: quickbooks.url,
      MAESTRO_APP_QUICKBOOKS_AUTHORIZATION_URL: quickbooks.oauth.authorizationUrl,
      MAESTRO_APP_QUICKBOOKS_TOKEN_URL: quickbooks.oauth.tokenUrl,
      MAESTRO_APP_QUICKBOOKS_REVOKE_URL: quickbooks.oauth.revokeUrl,
      MAESTRO_APP_HARVEST_BASE_URL: harvest.url,
      // The simulator serves every company domain under one origin (a subdomain cannot exist on loopback).
      MAESTRO_APP_BAMBOOHR_BASE_URL: bamboohr.url,
      MAESTRO_APP_BAMBOOHR_WEBHOOK_SECRET: secrets.bamboohrWebhookKey,
    }
    input.logger.info(`[sandbox] simulators: harvest ${harvest.url}, bamboohr ${bamboohr.url}, quickbooks ${quickbooks.url}; OAuth server ${oauth.issuer}`)
    return {
      env,
      banner: sandboxBanner({ url: input.url, harvest: harvest.credentials, bamboohr: bamboohr.credentials, quickbooksRealm: QUICKBOOKS_REALM, oauthIssuer: oauth.issuer }),
      harvest, bamboohr, quickbooks, oauth, secrets,
      close: closeAll,
    }
  } catch (err) {
    await closeAll()
    throw err
  }
}

/**
 * The `--sandbox` hook of `maestro serve`.
 * @example
 * await startServer({ dataDir: './data', connectorsDir: './connectors', sandbox: prepareSandbox })
 */
export async function prepareSandbox(input: SandboxInput): Promise<SandboxOutput> {
  const { env, banner, close } = await startSandbox(input)
  return { env, banner, close }
}
