/**
 * @module Apps: a deployment's OAuth client registration per connector, from `maestro.config.json` and
 * `MAESTRO_APP_<CONNECTOR>_<FIELD>` variables (the environment wins). Secrets are never printed.
 */
import { readFile } from 'node:fs/promises'
import { dirname, isAbsolute, resolve } from 'node:path'
import { inspect } from 'node:util'
import { MaestroError } from '../errors.ts'
import type { Logger } from './types.ts'

/** Every field an app may set. */
export const APP_FIELDS = [
  'clientId', 'clientSecret', 'redirectUri', 'webhookSecret',
  'baseUrl', 'authorizationUrl', 'tokenUrl', 'revokeUrl',
  'mtlsCert', 'mtlsKey', 'mtlsCa', 'mtlsPassphrase',
] as const
export type AppField = (typeof APP_FIELDS)[number]

/** Fields whose values are secrets. */
export const SECRET_APP_FIELDS: readonly AppField[] = ['clientSecret', 'webhookSecret', 'mtlsPassphrase']
const PATH_FIELDS: readonly AppField[] = ['mtlsCert', 'mtlsKey', 'mtlsCa']

/**
 * One connector's client registration. URL fields override the manifest (sandboxes: QuickBooks sandbox
 * base URL, a local authorization server); `mtls*` are PEM file paths (ADP).
 */
export type App = { readonly connector: string } & { readonly [F in AppField]?: string }

/** Where each field came from; never the value. */
export type AppDescription = Record<AppField, 'env' | 'file' | null>

export interface AppRegistry {
  get(connector: string): App | undefined
  /** The app, with `fields` present. @throws MaestroError `app_not_configured`, naming the missing fields. */
  require(connector: string, fields?: readonly AppField[]): App
  /** Which fields are set, and from where, per connector — safe for API responses. */
  describe(): Record<string, AppDescription>
}

export interface LoadAppsOptions {
  /** Path of the config file; a missing file is fine (env only). Default `maestro.config.json` in the cwd. */
  configFile?: string
  env?: Record<string, string | undefined>
  logger?: Pick<Logger, 'warn'>
}

type Source = { values: Partial<Record<AppField, string>>; sources: Partial<Record<AppField, 'env' | 'file'>> }

const envName = (f: AppField) => f.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()
// Longest first so a field whose name ends another's can never steal it.
const ENV_FIELDS = [...APP_FIELDS].map((f) => [envName(f), f] as const).sort((a, b) => b[0].length - a[0].length)

/** Build an app whose `JSON.stringify` and `util.inspect` show field sources only, never values. */
function makeApp(connector: string, src: Source): App {
  const app = { connector, ...src.values }
  const view = () => ({ connector, fields: describeSource(src) })
  Object.defineProperty(app, 'toJSON', { value: view, enumerable: false })
  Object.defineProperty(app, inspect.custom, { value: view, enumerable: false })
  return Object.freeze(app)
}

function describeSource(src: Source): AppDescription {
  return Object.fromEntries(APP_FIELDS.map((f) => [f, src.sources[f] ?? null])) as AppDescription
}

/**
 * A registry over literal registrations (tests, programmatic setups).
 * @example
 * const apps = createAppRegistry({ quickbooks: { clientId: 'id', clientSecret: 's' } })
 * apps.require('quickbooks', ['clientSecret']).clientId // 'id'
 */
export function createAppRegistry(apps: Record<string, Partial<Record<AppField, string>>>, sources: Record<string, Source['sources']> = {}): AppRegistry {
  const table = new Map<string, { app: App; src: Source }>()
  for (const [connector, values] of Object.entries(apps)) {
    const src: Source = { values, sources: sources[connector] ?? Object.fromEntries(Object.keys(values).map((k) => [k, 'file'])) }
    table.set(connector, { app: makeApp(connector, src), src })
  }
  return {
    get: (connector) => table.get(connector)?.app,
    require(connector, fields = ['clientId']) {
      const app = table.get(connector)?.app
      const missing = fields.filter((f) => !app?.[f])
      if (!app || missing.length > 0) {
        throw new MaestroError('app_not_configured', `The ${connector} app is missing ${missing.join(', ')}.`, {
          details: { connector, missing: missing.map((f) => ({ field: f, env: `MAESTRO_APP_${connector.toUpperCase().replace(/-/g, '_')}_${envName(f)}` })) },
        })
      }
      return app
    },
    describe: () => Object.fromEntries([...table].map(([c, { src }]) => [c, describeSource(src)])),
  }
}

/**
 * Load apps from the config file and the environment.
 * @example
 * const apps = await loadApps({ configFile: 'maestro.config.json' })
 * apps.describe() // { quickbooks: { clientId: 'file', clientSecret: 'env', … } }
 */
export async function loadApps(options: LoadAppsOptions = {}): Promise<AppRegistry> {
  const env = options.env ?? process.env
  const file = resolve(options.configFile ?? 'maestro.config.json')
  const merged = new Map<string, Source>()
  const entry = (c: string) => {
    let s = merged.get(c)
    if (!s) merged.set(c, (s = { values: {}, sources: {} }))
    return s
  }

  for (const [connector, fields] of Object.entries(await readAppsFromFile(file))) {
    const s = entry(connector)
    for (const [field, value] of Object.entries(fields)) {
      s.values[field as AppField] = PATH_FIELDS.includes(field as AppField) && !isAbsolute(value) ? resolve(dirname(file), value) : value
      s.sources[field as AppField] = 'file'
    }
  }

  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('MAESTRO_APP_') || value === undefined || value === '') continue
    const rest = name.slice('MAESTRO_APP_'.length)
    const match = ENV_FIELDS.find(([suffix]) => rest.endsWith(`_${suffix}`) && rest.length > suffix.length + 1)
    if (!match) {
      options.logger?.warn(`Ignoring ${name}: it names no app field (${APP_FIELDS.map(envName).join(', ')}).`)
      continue
    }
    const connector = rest.slice(0, -(match[0].length + 1)).toLowerCase().replace(/_/g, '-')
    const s = entry(connector)
    s.values[match[1]] = PATH_FIELDS.includes(match[1]) ? resolve(value) : value
    s.sources[match[1]] = 'env'
  }

  const values = Object.fromEntries([...merged].map(([c, s]) => [c, s.values]))
  const sources = Object.fromEntries([...merged].map(([c, s]) => [c, s.sources]))
  return createAppRegistry(values, sources)
}

async function readAppsFromFile(file: string): Promise<Record<string, Record<string, string>>> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new MaestroError('app_not_configured', `Cannot read ${file}.`, { cause: err })
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (cause) {
    // JSON.parse messages quote a slice of the input, which may hold a secret: keep only the position.
    const at = /position \d+/.exec((cause as Error).message)?.[0] ?? 'an unknown position'
    throw new MaestroError('app_not_configured', `${file} is not valid JSON (at ${at}).`)
  }
  const apps = (parsed as { apps?: unknown } | null)?.apps
  if (apps === undefined) return {}
  if (!isPlainObject(apps)) throw new MaestroError('app_not_configured', `${file}: "apps" must be an object keyed by connector id.`)
  const out: Record<string, Record<string, string>> = {}
  for (const [connector, fields] of Object.entries(apps)) {
    if (!isPlainObject(fields)) throw new MaestroError('app_not_configured', `${file}: apps.${connector} must be an object.`)
    for (const [field, value] of Object.entries(fields)) {
      if (!(APP_FIELDS as readonly string[]).includes(field)) {
        throw new MaestroError('app_not_configured', `${file}: apps.${connector}.${field} is not an app field (${APP_FIELDS.join(', ')}).`)
      }
      if (typeof value !== 'string') throw new MaestroError('app_not_configured', `${file}: apps.${connector}.${field} must be a string.`)
    }
    out[connector] = fields as Record<string, string>
  }
  return out
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
