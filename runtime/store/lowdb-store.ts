/**
 * @module The embedded Store: lowdb documents under one directory, records in small chunk files,
 * control data in small separate files, the audit log in append-only segments.
 */
import { join } from 'node:path'
import { MaestroError } from '../errors.ts'
import type {
  AuditEntry,
  CommitBatch,
  Connection,
  ConnectionStatus,
  OAuthState,
  Page,
  RecordQuery,
  ResourceState,
  Run,
  RunStatus,
  Store,
  StoredRecord,
} from './types.ts'
import { AuditLog, type AuditFilter } from './audit-log.ts'
import { NamedDocs, openDoc, type DocFile } from './doc-files.ts'
import type { FileOptions } from './json-file.ts'
import { Mutex } from './mutex.ts'
import { RecordStore } from './record-store.ts'
import { RunLog } from './run-log.ts'

/** Test seams of the lowdb store. */
export interface LowdbStoreHooks {
  /** Called before every physical file write (chunk, document, segment, audit append) with its path. */
  onFileWrite?: (file: string) => void
  /** Called after a commit's records are on disk and before its state is written. */
  afterRecordsWritten?: (batch: CommitBatch) => void | Promise<void>
}

export interface LowdbStoreOptions {
  /** Data directory, created when missing (e.g. `./data`). */
  dir: string
  /** fsync each file before it replaces the previous one (default true). */
  fsync?: boolean
  /** Records per chunk file (default 1000). */
  chunkSize?: number
  /**
   * Recently read chunks whose records stay in memory (as JSON), shared by all record sets (default 8); the
   * others are read from their files when needed, so memory does not grow with the record count.
   */
  cachedChunks?: number
  /** Runs per segment file (default 250). */
  runsPerSegment?: number
  /** Audit entries per segment file (default 10,000). */
  auditPerSegment?: number
  hooks?: LowdbStoreHooks
}

type States = Record<string, Record<string, ResourceState>>

interface Parts {
  connections: DocFile<Record<string, Connection>>
  states: DocFile<States>
  oauth: DocFile<Record<string, OAuthState>>
  events: DocFile<Record<string, number>>
  records: RecordStore
  runs: RunLog
  audit: AuditLog
  docs: NamedDocs
}

/**
 * Creates the embedded lowdb store; it opens on first use or on `open()`.
 * @example
 * const store = createLowdbStore({ dir: './data' })
 * await store.open()
 * await store.putDoc('settings', { theme: 'dark' })
 */
export function createLowdbStore(options: LowdbStoreOptions): Store {
  return new LowdbStore(options)
}

class LowdbStore implements Store {
  #options: LowdbStoreOptions
  #files: FileOptions
  #opening?: Promise<Parts>
  #closed = false
  #lock = new Mutex()

  constructor(options: LowdbStoreOptions) {
    this.#options = options
    this.#files = { fsync: options.fsync ?? true, onWrite: options.hooks?.onFileWrite }
  }

  async open(): Promise<void> {
    this.#closed = false
    await this.#parts()
  }

  async close(): Promise<void> {
    const opening = this.#opening
    this.#closed = true
    this.#opening = undefined
    const p = await opening?.catch(() => undefined)
    if (!p) return
    await Promise.all([p.connections, p.states, p.oauth, p.events].map((d) => d.adapter.flush()))
    await Promise.all([p.records.flush(), p.runs.flush(), p.docs.flush(), p.audit.close()])
  }

  // connections

  async createConnection(c: Connection): Promise<Connection> {
    const p = await this.#ready()
    return this.#lock.run(async () => {
      if (p.connections.db.data[c.id]) throw new MaestroError('invalid_request', `Connection ${c.id} already exists.`)
      p.connections.db.data[c.id] = structuredClone(c)
      await p.connections.save()
      return structuredClone(c)
    })
  }

  async getConnection(id: string): Promise<Connection | undefined> {
    const c = (await this.#ready()).connections.db.data[id]
    return c && structuredClone(c)
  }

  async listConnections(filter: { tenant?: string; connector?: string; status?: ConnectionStatus } = {}): Promise<Connection[]> {
    return Object.values((await this.#ready()).connections.db.data)
      .filter(
        (c) =>
          (filter.tenant === undefined || c.tenant === filter.tenant) &&
          (filter.connector === undefined || c.connector === filter.connector) &&
          (filter.status === undefined || c.status === filter.status),
      )
      .sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1))
      .map((c) => structuredClone(c))
  }

  async updateConnection(id: string, patch: (c: Connection) => Connection): Promise<Connection> {
    const p = await this.#ready()
    return this.#lock.run(async () => {
      const current = p.connections.db.data[id]
      if (!current) throw new MaestroError('connection_not_found', `No connection ${id}.`)
      const next = patch(structuredClone(current))
      if (next.id !== id) throw new MaestroError('internal', `A patch of connection ${id} changed its id.`)
      p.connections.db.data[id] = structuredClone(next)
      await p.connections.save()
      return structuredClone(next)
    })
  }

  async deleteConnection(id: string): Promise<void> {
    const p = await this.#ready()
    await this.#lock.run(async () => {
      if (!p.connections.db.data[id]) return
      delete p.connections.db.data[id]
      await p.connections.save()
      if (p.states.db.data[id]) {
        delete p.states.db.data[id]
        await p.states.save()
      }
      await p.records.deleteConnection(id)
    })
  }

  // sync state

  async getResourceState(connectionId: string, resource: string): Promise<ResourceState | undefined> {
    const s = (await this.#ready()).states.db.data[connectionId]?.[resource]
    return s && structuredClone(s)
  }

  async listResourceStates(connectionId: string): Promise<ResourceState[]> {
    return Object.values((await this.#ready()).states.db.data[connectionId] ?? {}).map((s) => structuredClone(s))
  }

  async putResourceState(state: ResourceState): Promise<void> {
    const p = await this.#ready()
    ;(p.states.db.data[state.connectionId] ??= {})[state.resource] = structuredClone(state)
    await p.states.save()
  }

  // records

  async getRecords(connectionId: string, resource: string, remoteIds: string[]): Promise<Map<string, StoredRecord>> {
    return (await this.#ready()).records.get(connectionId, resource, remoteIds)
  }

  async commit(batch: CommitBatch): Promise<void> {
    const p = await this.#ready()
    const { state } = batch
    if (state && (state.connectionId !== batch.connectionId || state.resource !== batch.resource))
      throw new MaestroError('internal', `A commit to ${batch.connectionId}/${batch.resource} carries the state of ${state.connectionId}/${state.resource}.`)
    await p.records.commit(batch, async () => {
      await this.#options.hooks?.afterRecordsWritten?.(batch)
      if (state) await this.putResourceState(state)
    })
  }

  async unseenRecords(connectionId: string, resource: string, runId: string): Promise<StoredRecord[]> {
    return (await this.#ready()).records.unseen(connectionId, resource, runId)
  }

  async listRecords(query: RecordQuery): Promise<Page<StoredRecord>> {
    return (await this.#ready()).records.list(query)
  }

  async countRecords(query: Omit<RecordQuery, 'cursor' | 'pageSize'>): Promise<Record<string, number>> {
    return (await this.#ready()).records.count(query)
  }

  // runs

  async putRun(run: Run): Promise<void> {
    await (await this.#ready()).runs.put(run)
  }

  async getRun(id: string): Promise<Run | undefined> {
    return (await this.#ready()).runs.get(id)
  }

  async listRuns(filter: { tenant?: string; connectionId?: string; status?: RunStatus; limit?: number; cursor?: string }): Promise<Page<Run>> {
    return (await this.#ready()).runs.list(filter)
  }

  // audit

  async appendAudit(entry: AuditEntry): Promise<void> {
    await (await this.#ready()).audit.append(entry)
  }

  async listAudit(filter: AuditFilter): Promise<Page<AuditEntry>> {
    return (await this.#ready()).audit.list(filter)
  }

  // OAuth states

  async putOAuthState(s: OAuthState): Promise<void> {
    const p = await this.#ready()
    const data = p.oauth.db.data
    const now = new Date().toISOString()
    for (const [k, v] of Object.entries(data)) if (v.expiresAt <= now) delete data[k]
    data[s.state] = structuredClone(s)
    await p.oauth.save()
  }

  async takeOAuthState(state: string): Promise<OAuthState | undefined> {
    const p = await this.#ready()
    const s = p.oauth.db.data[state]
    if (!s) return undefined
    // Removed before any await: of two concurrent takes, only the first finds it.
    delete p.oauth.db.data[state]
    await p.oauth.save()
    return Date.parse(s.expiresAt) > Date.now() ? s : undefined
  }

  // webhook de-duplication

  async markEventSeen(scope: string, eventId: string, ttlMs: number): Promise<boolean> {
    const p = await this.#ready()
    const data = p.events.db.data
    const key = JSON.stringify([scope, eventId])
    const now = Date.now()
    if ((data[key] ?? 0) > now) return false
    // The file is rewritten anyway, so dropping expired ids here keeps it as small as the TTL allows.
    for (const [k, expires] of Object.entries(data)) if (expires <= now) delete data[k]
    data[key] = now + ttlMs
    await p.events.save()
    return true
  }

  // named documents

  async getDoc<T>(name: string): Promise<T | undefined> {
    return (await this.#ready()).docs.get<T>(name)
  }

  async putDoc<T>(name: string, value: T): Promise<void> {
    await (await this.#ready()).docs.put(name, value)
  }

  #ready(): Promise<Parts> {
    if (this.#closed) return Promise.reject(new MaestroError('internal', 'The store is closed.', { hint: 'Call open() again before using it.' }))
    return this.#parts()
  }

  #parts(): Promise<Parts> {
    if (!this.#opening) {
      this.#opening = this.#load()
      // A failed open (a corrupt file) is reported, and the next call reads the files again.
      this.#opening.catch(() => (this.#opening = undefined))
    }
    return this.#opening
  }

  async #load(): Promise<Parts> {
    const { dir } = this.#options
    const files = this.#files
    const o = this.#options
    const parts: Parts = {
      connections: await openDoc<Record<string, Connection>>(join(dir, 'connections.json'), {}, files),
      states: await openDoc<States>(join(dir, 'states.json'), {}, files),
      oauth: await openDoc<Record<string, OAuthState>>(join(dir, 'oauth-states.json'), {}, files),
      events: await openDoc<Record<string, number>>(join(dir, 'events-seen.json'), {}, files),
      records: new RecordStore(join(dir, 'records'), o.chunkSize ?? 1000, files, o.cachedChunks ?? 8),
      runs: new RunLog(join(dir, 'runs'), o.runsPerSegment ?? 250, files),
      audit: new AuditLog(join(dir, 'audit'), o.auditPerSegment ?? 10_000, files),
      docs: new NamedDocs(join(dir, 'docs'), files),
    }
    await Promise.all([parts.records.load(), parts.runs.load(), parts.audit.load(), parts.docs.load()])
    return parts
  }
}
