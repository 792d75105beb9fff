/**
 * @module `auth`: how Maestro proves itself to a provider. One member per auth kind.
 */
import { Type } from '@sinclair/typebox'
import { Strict, Template, TypeUnion } from './common.ts'

const Scopes = Type.Array(Type.String({ minLength: 1, description: 'One OAuth scope.', examples: ['com.intuit.quickbooks.accounting'] }), {
  description: 'Scopes requested at authorization.',
  examples: [['harvest:all']],
})

const TokenAuth = Type.Union([
  Type.Literal('client_secret_basic'),
  Type.Literal('client_secret_post'),
  Type.Literal('json_body'),
], {
  description: 'How the client authenticates at the token endpoint: HTTP Basic header, form fields, or a JSON body (Gusto).',
  examples: ['client_secret_basic'],
})

const TokenMethod = Type.Union([Type.Literal('POST'), Type.Literal('GET')], {
  description: 'HTTP method of the token endpoint. TriNet issues client-credentials tokens on GET.',
  examples: ['POST'],
})

const Apply = Strict({
  header: Type.String({ description: 'Header that carries the access token.', examples: ['Authorization'] }),
  prefix: Type.String({ description: 'Text before the token in that header (empty for none).', examples: ['Bearer '] }),
}, { description: 'Where the access token goes on API calls (default: `Authorization: Bearer <token>`).', examples: [{ header: 'Authorization', prefix: 'Bearer ' }] })

const OAuth2 = Strict({
  type: Type.Literal('oauth2', { description: 'OAuth 2.0 authorization-code grant.', examples: ['oauth2'] }),
  authorizationUrl: Template({ description: 'Authorization endpoint the admin is sent to for consent.', examples: ['https://appcenter.intuit.com/connect/oauth2'] }),
  tokenUrl: Template({ description: 'Token endpoint for the code exchange and refreshes.', examples: ['https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer'] }),
  revokeUrl: Type.Optional(Template({ description: 'Revocation endpoint called when a connection is deleted.', examples: ['https://developer.api.intuit.com/v2/oauth2/tokens/revoke'] })),
  scopes: Type.Optional(Scopes),
  scopeSeparator: Type.Optional(Type.String({ description: 'Separator between scopes in the authorize URL.', examples: [' ', ','] })),
  pkce: Type.Optional(Type.Boolean({ description: 'Send a PKCE S256 code challenge.', examples: [true] })),
  tokenAuth: Type.Optional(TokenAuth),
  tokenMethod: Type.Optional(TokenMethod),
  authorizeParams: Type.Optional(Type.Record(Type.String(), Type.String({ description: 'Value of one extra authorize parameter.', examples: ['offline'] }), { description: 'Extra query parameters on the authorize URL.', examples: [{ access_type: 'offline' }] })),
  callbackParams: Type.Optional(Type.Array(Type.String({ minLength: 1, description: 'A query parameter of the OAuth redirect.', examples: ['realmId'] }), {
    description: 'Redirect query parameters captured into the connection\'s config (QuickBooks sends `realmId` beside `code`).',
    examples: [['realmId']],
  })),
  rotatesRefreshToken: Type.Optional(Type.Boolean({ description: 'The provider returns a new refresh token on each refresh and retires the old one.', examples: [true] })),
  apply: Type.Optional(Apply),
}, { description: 'OAuth 2.0 authorization code: the admin consents in the provider\'s UI.', examples: [{ type: 'oauth2', authorizationUrl: 'https://id.getharvest.com/oauth2/authorize', tokenUrl: 'https://id.getharvest.com/api/v2/oauth2/token', scopes: ['harvest:all'] }] })

const ClientCredentials = Strict({
  type: Type.Literal('oauth2_client_credentials', { description: 'OAuth 2.0 client-credentials grant.', examples: ['oauth2_client_credentials'] }),
  tokenUrl: Template({ description: 'Token endpoint.', examples: ['https://api.paychex.com/auth/oauth/v2/token'] }),
  scopes: Type.Optional(Scopes),
  tokenAuth: Type.Optional(TokenAuth),
  tokenMethod: Type.Optional(TokenMethod),
  mtls: Type.Optional(Type.Boolean({ description: 'Present the app\'s client certificate on the token call and every API call (ADP).', examples: [true] })),
  apply: Type.Optional(Apply),
}, { description: 'OAuth 2.0 client credentials: the app itself holds the credentials.', examples: [{ type: 'oauth2_client_credentials', tokenUrl: 'https://api.paychex.com/auth/oauth/v2/token', tokenAuth: 'client_secret_post' }] })

const ApiKey = Strict({
  type: Type.Literal('api_key', { description: 'A static key sent on every request.', examples: ['api_key'] }),
  in: Type.Union([Type.Literal('header'), Type.Literal('query')], { description: 'Where the key goes.', examples: ['header'] }),
  name: Type.String({ minLength: 1, description: 'Header or query parameter name.', examples: ['X-Api-Key'] }),
  value: Template({ description: 'The value sent; usually reads a secret connection field.', examples: ['{{ credentials.apiKey }}', 'ApiKey {{ credentials.apiKey }}'] }),
}, { description: 'API key in a header or query parameter.', examples: [{ type: 'api_key', in: 'header', name: 'X-Api-Key', value: '{{ credentials.apiKey }}' }] })

const Basic = Strict({
  type: Type.Literal('basic', { description: 'HTTP Basic authentication.', examples: ['basic'] }),
  username: Template({ description: 'User name.', examples: ['{{ credentials.apiKey }}'] }),
  password: Type.String({ description: 'Password: a template, or an empty string where the provider expects none.', examples: ['x', ''], 'x-maestro': 'template' }),
}, { description: 'HTTP Basic with templated user and password (BambooHR: key as user, `x` as password).', examples: [{ type: 'basic', username: '{{ credentials.apiKey }}', password: 'x' }] })

const Bearer = Strict({
  type: Type.Literal('bearer', { description: 'A static bearer token.', examples: ['bearer'] }),
  token: Template({ description: 'The token.', examples: ['{{ credentials.token }}'] }),
}, { description: '`Authorization: Bearer <token>` with a static token (personal access tokens).', examples: [{ type: 'bearer', token: '{{ credentials.accessToken }}' }] })

/** The auth kinds a connector may declare. */
export const Auth = TypeUnion('type', [OAuth2, ClientCredentials, ApiKey, Basic, Bearer], {
  description: 'How requests to the provider are authenticated.',
  examples: [{ type: 'basic', username: '{{ credentials.apiKey }}', password: 'x' }],
})

export const AUTH_TYPES = ['oauth2', 'oauth2_client_credentials', 'api_key', 'basic', 'bearer'] as const
