/**
 * @module Turn a manifest request (templates) plus variables into a concrete `OutgoingRequest`.
 */
import type { HttpSpec } from '../manifest/schema/index.ts'
import { MaestroError } from '../errors.ts'
import { compileTemplate, type Template } from './expr.ts'
import type { OutgoingRequest, RequestContext, RequestSpec, Scalar } from './types.ts'

const DEFAULT_HEADERS: Record<string, string> = { accept: 'application/json', 'user-agent': 'Maestro/0.1' }
// WHATWG URL parsing folds `.`/`..` segments (also when spelled `%2e`), so an interpolated value
// made only of dots would climb out of its segment even after encodeURIComponent.
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i

/** Builds requests for one connection; compiled templates are cached by their source text. */
export interface RequestBuilder {
  build(spec: RequestSpec, vars?: Record<string, unknown>): Promise<OutgoingRequest>
  /** The rendered base URL (rendered once: it may read config, not per-request variables). */
  baseUrl(): Promise<URL>
}

/**
 * Create a request builder for one connection.
 * @example
 * const b = createRequestBuilder({ baseUrl: 'https://api.example.com/v2' }, { config: {}, credentials: {}, app: {} })
 * const req = await b.build({ path: '/users/{{ id }}' }, { id: 'a/b' }) // …/v2/users/a%2Fb
 */
export function createRequestBuilder(http: HttpSpec, context: RequestContext): RequestBuilder {
  const templates = new Map<string, Template>()
  const base = { config: context.config, credentials: context.credentials, app: context.app }
  let baseUrl: Promise<URL> | undefined

  const template = (text: string) => {
    let t = templates.get(text)
    if (!t) templates.set(text, (t = compileTemplate(text)))
    return t
  }
  const render = async (value: Scalar, ctx: Record<string, unknown>): Promise<unknown> => (typeof value === 'string' ? template(value).render(ctx) : value)

  const getBaseUrl = () => (baseUrl ??= (async () => {
    const text = await render(http.baseUrl, base)
    let url: URL
    try {
      url = new URL(String(text))
    } catch (cause) {
      throw new MaestroError('expression_failed', `http.baseUrl did not render to a URL (template \`${http.baseUrl}\`).`, { cause })
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new MaestroError('expression_failed', `http.baseUrl must be http(s), got ${url.protocol}`)
    }
    return url
  })())

  // Each `{{ }}` of a path is rendered and encoded on its own, so a value can never add a segment.
  const renderPath = async (path: string, ctx: Record<string, unknown>): Promise<string> => {
    let out = ''
    for (const part of template(path).parts) {
      if (part.kind === 'text') { out += part.text; continue }
      const value = await part.expression.evaluate(ctx, ctx)
      if (value === undefined || value === null || typeof value === 'object') {
        throw new MaestroError('expression_failed', `Path \`${path}\` needs a string or number for each {{ }} value; one rendered ${value === null ? 'null' : typeof value}.`)
      }
      try {
        out += encodeURIComponent(String(value))
      } catch (cause) {
        throw new MaestroError('expression_failed', `Path \`${path}\` rendered a value that cannot be URL-encoded (a lone surrogate).`, { cause })
      }
    }
    for (const segment of out.split('?')[0].split('/')) {
      if (DOT_SEGMENT.test(segment)) throw new MaestroError('expression_failed', `Path \`${path}\` rendered a "." or ".." segment, which would leave the resource path.`)
    }
    return out
  }

  return {
    baseUrl: getBaseUrl,
    async build(spec, vars = {}) {
      const ctx = { ...vars, ...base }
      const root = await getBaseUrl()
      let url: URL
      if (spec.url !== undefined) {
        url = absoluteUrl(spec.url, root)
      } else {
        const path = spec.path ? await renderPath(spec.path, ctx) : ''
        url = new URL(root.href.replace(/\/+$/, '') + (path === '' || path.startsWith('/') || path.startsWith('?') ? path : `/${path}`))
      }
      const params = url.searchParams
      for (const [name, value] of Object.entries(http.query ?? {})) {
        if (spec.url !== undefined && params.has(name)) continue
        setParam(params, name, await render(value, ctx))
      }
      if (spec.url === undefined) {
        for (const [name, value] of Object.entries(spec.query ?? {})) setParam(params, name, await render(value, ctx))
      }
      for (const [name, value] of Object.entries(spec.overrides?.query ?? {})) setParam(params, name, value)

      const headers: Record<string, string> = { ...DEFAULT_HEADERS }
      for (const map of [http.headers, spec.headers]) {
        for (const [name, value] of Object.entries(map ?? {})) {
          const v = await render(value, ctx)
          if (v === undefined || v === null) continue
          headers[name.toLowerCase()] = typeof v === 'object' ? JSON.stringify(v) : String(v)
        }
      }
      const body = spec.overrides?.body !== undefined ? spec.overrides.body : spec.body === undefined ? undefined : await renderTree(spec.body, ctx, render)
      if (body !== undefined) headers['content-type'] ??= 'application/json'
      return { method: (spec.method ?? 'GET').toUpperCase(), url, headers, body, secrets: [] }
    },
  }
}

/** Resolve a provider-supplied URL and refuse one that leaves the base URL's origin (it would carry our credentials elsewhere). */
export function absoluteUrl(href: string, root: URL): URL {
  let url: URL
  try {
    url = new URL(href, root)
  } catch (cause) {
    throw new MaestroError('provider_response_invalid', 'A next-page URL from the provider is not a valid URL.', { cause })
  }
  if (url.origin !== root.origin) {
    throw new MaestroError('provider_response_invalid', `A next-page URL points at ${url.origin}, outside the connector's base URL ${root.origin}; refusing to send credentials there.`)
  }
  return url
}

function setParam(params: URLSearchParams, name: string, value: unknown): void {
  if (value === undefined || value === null) { params.delete(name); return }
  if (Array.isArray(value)) {
    params.delete(name)
    for (const v of value) if (v !== undefined && v !== null) params.append(name, String(v))
    return
  }
  params.set(name, typeof value === 'object' ? JSON.stringify(value) : String(value))
}

async function renderTree(node: unknown, ctx: Record<string, unknown>, render: (v: Scalar, ctx: Record<string, unknown>) => Promise<unknown>): Promise<unknown> {
  if (typeof node === 'string') return render(node, ctx)
  if (Array.isArray(node)) return Promise.all(node.map((n) => renderTree(n, ctx, render)))
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(node)) {
      const r = await renderTree(v, ctx, render)
      if (r !== undefined) out[k] = r
    }
    return out
  }
  return node
}
