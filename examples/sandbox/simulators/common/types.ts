/**
 * @module The shape every provider simulator shares.
 */
import type { IncomingHttpHeaders } from 'node:http'
import type { Fault, FaultPlan } from './faults.ts'

/** One request as the simulator received it (test-only, so headers are kept raw). */
export interface RequestLogEntry {
  method: string
  path: string
  query: Record<string, string>
  headers: IncomingHttpHeaders
  /** Status the simulator answered with (absent when the connection was dropped). */
  status?: number
  /** The fault that fired for this request, if any. */
  fault?: Fault['kind']
}

/** Options every simulator accepts. */
export interface SimulatorOptions<Kind extends string, Creds> {
  /** Seed of the generated dataset (default 1). */
  seed?: number
  /** How many records of each kind to seed. */
  counts?: Partial<Record<Kind, number>>
  /** Refuse requests over the provider's documented limit (default false: headers only). */
  rateLimit?: boolean | { limit?: number; windowMs?: number }
  /** Clock used for windows and change timestamps (default Date.now). */
  now?: () => number
  /** Override the generated credentials (e.g. a token issued by the sandbox OAuth server). */
  credentials?: Partial<Creds>
}

type RecordOf<D, K extends keyof D> = D[K] extends Map<unknown, infer R> ? R : never
type IdOf<D, K extends keyof D> = D[K] extends Map<infer I, unknown> ? I : never

/**
 * A running simulator. `credentials` is read on every request, so assigning a new token to it
 * rotates credentials upstream (old one refused from then on).
 */
export interface Simulator<Data extends { [K in keyof Data]: Map<string | number, object> }, Creds extends Record<string, string>> {
  /** Base URL of the API, mirroring the real base path. */
  url: string
  credentials: Creds
  /** The mutable dataset, records keyed by id. */
  data: Data
  requests: RequestLogEntry[]
  faults: FaultPlan
  /** Patch a record upstream and bump the provider's own change marker to a strictly later value. */
  update<K extends keyof Data & string>(kind: K, id: IdOf<Data, K>, patch: Partial<RecordOf<Data, K>>): RecordOf<Data, K>
  /** Delete (or deactivate, where the provider does that) a record upstream. */
  remove<K extends keyof Data & string>(kind: K, id: IdOf<Data, K>): void
  /** Create a record upstream; missing fields are generated. */
  add<K extends keyof Data & string>(kind: K, record?: Partial<RecordOf<Data, K>>): RecordOf<Data, K>
  close(): Promise<void>
}

/** Look a record up or throw — simulator mutators are test helpers, so a wrong id is a test bug. */
export function mustGet<I, R>(map: Map<I, R>, id: I, kind: string): R {
  const record = map.get(id)
  if (record === undefined) throw new Error(`No ${kind} record with id ${String(id)} in the simulator`)
  return record
}
