/**
 * @module Auth: how Maestro obtains, keeps and protects a provider's credentials — the vault, app
 * registrations, the OAuth authorization-code and client-credentials flows (openid-client), mutual TLS,
 * and the token lifecycle.
 */
export { createVault, createVaultFromKeys, parseKeys, type Vault, type VaultKey, type VaultOptions } from './vault.ts'
export { APP_FIELDS, SECRET_APP_FIELDS, createAppRegistry, loadApps, type App, type AppDescription, type AppField, type AppRegistry, type LoadAppsOptions } from './apps.ts'
export { createOAuthFlow, STATE_TTL_MS, type OAuthFlow, type StartAuthorizationInput } from './oauth-flow.ts'
export { requestClientCredentials, type ClientCredentialsInput } from './client-credentials.ts'
export { createTokenManager, REFRESH_SKEW_MS, type ResolvedAuth, type TokenManager, type TokenManagerOptions } from './token-manager.ts'
export { createMtlsFetch, mtlsFetch, type MtlsOptions } from './mtls-fetch.ts'
export { authenticatedFetch, tokenHeader } from './authenticated-fetch.ts'
export { oauthClient, type ClientCredentialsSpec, type OAuth2Spec, type OAuthClient, type OAuthSpec } from './oauth-client.ts'
export type {
  AuthDeps, AuthStore, ConnectorLookup, FetchLike, LoadedConnector, Logger, OnConnectContext, OnConnectHook, TokenProvider, TokenSet,
} from './types.ts'
