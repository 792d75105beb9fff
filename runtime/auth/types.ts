/**
 * @module Shapes shared by the auth module: tokens as sealed in a connection, the connector lookup, hooks and the logger.
 */
import type { ConnectorManifest } from '../manifest/schema/index.ts'
import type { EventBus } from '../events/types.ts'
import type { Connection, Store } from '../store/types.ts'
import type { AppRegistry } from './apps.ts'
import type { Vault } from './vault.ts'

/** OAuth tokens as they are sealed into `connection.credentials` (beside any secret connection fields). */
export interface TokenSet {
  accessToken: string
  refreshToken?: string
  /** ISO-8601; absent when the provider gave no lifetime (the token lives until refused). */
  expiresAt?: string
  scope?: string
  tokenType?: string
}

/** Credential keys owned by the token lifecycle; everything else in credentials is a connection field. */
export const TOKEN_FIELDS = ['accessToken', 'refreshToken', 'expiresAt', 'scope', 'tokenType'] as const

/** A fetch-compatible function (global `fetch`, or the mTLS one). */
export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>

/** What `onConnect` receives: the fresh connection and a fetch that already carries its access token. */
export interface OnConnectContext {
  connection: Connection
  /** Relative URLs resolve against the connector's base URL; the access token is applied as the manifest says. */
  fetch: FetchLike
}

/**
 * The post-connect hook (e.g. Gusto's token-info lookup for the company id). Returned `config` values are
 * merged into the connection's config.
 */
export type OnConnectHook = (ctx: OnConnectContext) => Promise<{ config?: Record<string, unknown> } | void>

/** A loaded connector as the auth module needs it; the manifest loader's `Connector` fits. */
export interface LoadedConnector {
  manifest: ConnectorManifest
  /** Hook functions by name; `onConnect` is called as an {@link OnConnectHook}. */
  hooks?: { onConnect?: OnConnectHook | ((...args: any[]) => unknown) }
}

/** Finds a loaded connector by id; a `Map<string, LoadedConnector>` fits. */
export interface ConnectorLookup {
  get(id: string): LoadedConnector | undefined
}

/** The few logger methods auth uses; `console` fits. Never receives a secret. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

/** The Store methods the auth module calls. */
export type AuthStore = Pick<Store,
  'createConnection' | 'getConnection' | 'listConnections' | 'updateConnection' | 'deleteConnection' |
  'appendAudit' | 'putOAuthState' | 'takeOAuthState'>

/** What the OAuth flow and the token manager are built from. */
export interface AuthDeps {
  store: AuthStore
  vault: Vault
  connectors: ConnectorLookup
  apps: AppRegistry
  bus?: Pick<EventBus, 'emit'>
  logger?: Logger
  /** Clock, injectable for expiry tests. */
  now?: () => Date
  /** Transport for token endpoints and post-connect calls (tests); the global fetch or mTLS otherwise. */
  fetch?: FetchLike
}

/** Hands out access tokens for one connection (the requester's `TokenProvider` contract). */
export interface TokenProvider {
  accessToken(): Promise<string>
  /** Forget a token the provider refused, so the next `accessToken()` gets a new one. */
  invalidate(token: string): void
}
