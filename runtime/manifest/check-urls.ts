/**
 * @module URLs of a manifest parse: the base URL and the OAuth endpoints, rendered with placeholder
 * values for their `{{ }}` parts (an admin's subdomain cannot be known before connecting).
 */
import type { ConnectorManifest } from './schema/index.ts'
import { diagnostic, type Diagnostic, type DiagnosticCode } from './diagnostic.ts'
import type { Path, Positions } from './positions.ts'

const PART = /\{\{[\s\S]*?\}\}/g

/**
 * Render a URL template with placeholders: a part at the very start stands for a whole URL, any
 * other part for one word.
 * @example
 * renderWithPlaceholders('https://{{ config.sub }}.bamboohr.com') // 'https://placeholder.bamboohr.com'
 */
export function renderWithPlaceholders(template: string): string {
  return template.replace(PART, (_, offset: number) => (offset === 0 ? 'https://placeholder.example' : 'placeholder'))
}

/** Why `template` is not a usable absolute http(s) URL, or undefined when it is. */
export function urlProblem(template: string): string | undefined {
  let url: URL
  try {
    url = new URL(renderWithPlaceholders(template))
  } catch {
    return 'is not an absolute URL'
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `uses ${url.protocol.slice(0, -1)}, not http or https`
  if (url.search || url.hash) return 'must not carry a query or fragment; use `http.query` for parameters'
  return undefined
}

/** Check `http.baseUrl` and the auth endpoints of a schema-valid manifest. */
export function checkUrls(m: ConnectorManifest, positions: Positions, file: string): Diagnostic[] {
  const out: Diagnostic[] = []
  const check = (path: Path, value: string | undefined, code: DiagnosticCode, allowQuery: boolean) => {
    if (value === undefined) return
    const problem = urlProblem(value)
    if (problem && !(allowQuery && problem.startsWith('must not carry'))) {
      out.push(diagnostic(file, positions.valueSpan(path), code, `\`${path.join('.')}\` ${problem}: \`${value}\``))
    }
  }
  check(['http', 'baseUrl'], m.http.baseUrl, 'invalid_base_url', false)
  const auth = m.auth as Record<string, unknown>
  for (const key of ['authorizationUrl', 'tokenUrl', 'revokeUrl']) {
    if (typeof auth[key] === 'string') check(['auth', key], auth[key] as string, 'invalid_url', true)
  }
  return out
}
