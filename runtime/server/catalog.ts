/**
 * @module The connectors catalog: what the dashboard needs to list a connector and render its connect form.
 */
import type { AppsLike, ServerConnector } from './deps.ts'
import type { ConnectorEntry } from './schemas.ts'

/** Auth kinds whose connections need an OAuth app registered by the deployment. */
export const APP_AUTH_TYPES = new Set(['oauth2', 'oauth2_client_credentials'])

/** True when connecting goes through the provider's consent screen. */
export const needsConsent = (connector: ServerConnector): boolean => connector.manifest.auth.type === 'oauth2'

/** True when the deployment registered an OAuth client for the connector. */
export const appConfigured = (connectorId: string, apps?: AppsLike): boolean => Boolean(apps?.describe()[connectorId]?.clientId)

/**
 * The catalog entry of one connector. Field specs are copied as declared, with `secret` and `optional`
 * made explicit so a form never has to guess.
 * @example
 * catalogEntry(connectors.get('harvest')!, apps).connection.map((f) => f.name) // ['accountId', 'accessToken']
 */
export function catalogEntry(connector: ServerConnector, apps?: AppsLike): ConnectorEntry {
  const m = connector.manifest
  return {
    id: connector.id,
    name: m.name,
    category: m.category,
    ...(m.description ? { description: m.description } : {}),
    ...(m.docs ? { docs: m.docs } : {}),
    auth: { type: m.auth.type },
    connection: Object.entries(m.connection ?? {}).map(([name, f]) => ({
      name,
      type: f.type,
      title: f.title,
      ...(f.description ? { description: f.description } : {}),
      ...(f.pattern ? { pattern: f.pattern } : {}),
      ...(f.enum ? { enum: f.enum } : {}),
      ...(f.default !== undefined ? { default: f.default } : {}),
      ...(f.placeholder ? { placeholder: f.placeholder } : {}),
      secret: Boolean(f.secret),
      optional: Boolean(f.optional),
    })),
    resources: Object.entries(m.resources).map(([name, r]) => ({
      name,
      model: r.model,
      incremental: Boolean(r.incremental),
      ...(r.description ? { description: r.description } : {}),
    })),
    webhooks: Boolean(m.webhooks),
    schedule: m.schedule ?? null,
    app: { required: APP_AUTH_TYPES.has(m.auth.type), configured: appConfigured(connector.id, apps) },
  }
}
