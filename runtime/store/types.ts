/**
 * @module The Store contract: everything Maestro persists, behind one interface with two implementations
 * (lowdb, embedded default; PostgreSQL for several processes). Both pass one shared contract suite.
 */

/** Ciphertext of a connection's secrets: AES-256-GCM, with the id of the key that sealed it. */
export interface SealedSecret {
  keyId: string
  iv: string
  tag: string
  data: string
}

/** `pending`: created, waiting for the admin's OAuth consent. */
export type ConnectionStatus = 'pending' | 'active' | 'paused' | 'needs_reauth' | 'error'

/** One authorized link to one provider account. */
export interface Connection {
  id: string
  tenant: string
  connector: string
  name?: string
  status: ConnectionStatus
  /** Non-secret values: connection fields and captured callback params such as QuickBooks `realmId`. */
  config: Record<string, unknown>
  /** API keys, OAuth tokens: never in clear text at rest. */
  credentials: SealedSecret | null
  /** Cron expression overriding the connector's default schedule; null disables scheduling. */
  schedule?: string | null
  lastError?: { code: string; message: string; at: string } | null
  lastRunId?: string | null
  createdAt: string
  updatedAt: string
}

/** Where a resource's sync stands for one connection. */
export interface ResourceState {
  connectionId: string
  resource: string
  /** Committed incremental high-water mark: never past data that was stored. */
  cursor?: string | null
  /** Set while a run is in progress: the next page to fetch and the cursor candidate so far. */
  checkpoint?: Checkpoint | null
  lastFullSyncAt?: string | null
}

export interface Checkpoint {
  runId: string
  /** JSON-serialisable page request the paginator resumes from. */
  page: unknown
  /** Largest incremental cursor value among committed records of this run. */
  cursorCandidate?: string | null
  /** For full refreshes: the run started as a full run (deletion detection applies at its end). */
  full: boolean
  pages: number
}

export type RecordAction = 'added' | 'updated' | 'deleted'

/** One canonical entity with its envelope. */
export interface StoredRecord {
  /** Ours, stable: derived from connection, resource and remote id. */
  id: string
  remoteId: string
  connectionId: string
  tenant: string
  connector: string
  resource: string
  model: string
  data: Record<string, unknown>
  remoteData?: unknown
  remoteUpdatedAt: string | null
  firstSeenAt: string
  modifiedAt: string
  deletedAt: string | null
  lastAction: RecordAction
  /** Content hash of `data`: unchanged content means no write and no event. */
  hash: string
  /** Id of the run (or `webhook:<id>`) that last saw the record; drives full-refresh deletion detection. */
  seenBy?: string
}

export type RunStatus = 'running' | 'succeeded' | 'partial' | 'failed' | 'canceled'
export type ResourceRunStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped'

export interface RunCounts {
  fetched: number
  added: number
  updated: number
  unchanged: number
  deleted: number
  invalid: number
}

export interface RunError {
  code: string
  message: string
  resource?: string
  remoteId?: string
  details?: unknown
  at: string
}

export interface ResourceRun {
  status: ResourceRunStatus
  counts: RunCounts
  pages: number
  retries: number
  rateLimitWaits: number
  full: boolean
  errors: RunError[]
  startedAt?: string
  finishedAt?: string
}

/** One execution of a sync for a connection. */
export interface Run {
  id: string
  connectionId: string
  tenant: string
  connector: string
  trigger: 'manual' | 'schedule' | 'webhook' | 'api' | 'resume'
  status: RunStatus
  resources: Record<string, ResourceRun>
  counts: RunCounts
  startedAt: string
  finishedAt?: string
  durationMs?: number
  errors: RunError[]
}

export interface AuditEntry {
  id: string
  at: string
  /** `operator`, `tenant:<id>`, `system`, `provider:<connector>`. */
  actor: string
  tenant?: string | null
  action: string
  target?: string | null
  outcome: 'ok' | 'error' | 'denied'
  details?: Record<string, unknown>
}

export interface Page<T> {
  items: T[]
  /** Opaque cursor for the next page; absent on the last page. */
  next?: string
}

export interface RecordQuery {
  tenant?: string
  connectionId?: string
  model?: string
  resource?: string
  modifiedAfter?: string
  includeDeleted?: boolean
  cursor?: string
  pageSize?: number
}

/** A batch the sync engine commits at once: records and the checkpoint that follows them. */
export interface CommitBatch {
  connectionId: string
  resource: string
  records: StoredRecord[]
  /** The state to persist after the records; written last so a crash never skips stored data. */
  state?: ResourceState
}

export interface OAuthState {
  state: string
  connectionId: string
  tenant: string
  connector: string
  codeVerifier?: string
  redirectUri: string
  returnTo?: string
  expiresAt: string
}

/** Everything Maestro persists. */
export interface Store {
  /** Open files / pools; idempotent. */
  open(): Promise<void>
  /** Flush pending writes and release resources. */
  close(): Promise<void>

  // connections
  createConnection(c: Connection): Promise<Connection>
  getConnection(id: string): Promise<Connection | undefined>
  listConnections(filter?: { tenant?: string; connector?: string; status?: ConnectionStatus }): Promise<Connection[]>
  /** Read-modify-write under the store's lock: no lost update between a token refresh and a status change. */
  updateConnection(id: string, patch: (c: Connection) => Connection): Promise<Connection>
  deleteConnection(id: string): Promise<void>

  // sync state
  getResourceState(connectionId: string, resource: string): Promise<ResourceState | undefined>
  listResourceStates(connectionId: string): Promise<ResourceState[]>
  putResourceState(state: ResourceState): Promise<void>

  // records
  /** The stored records with these remote ids (absent ones are missing from the map); copies the caller may change. */
  getRecords(connectionId: string, resource: string, remoteIds: string[]): Promise<Map<string, StoredRecord>>
  /**
   * Records then state, durably, in that order. The store may keep the objects it is given; callers must not
   * mutate them afterwards (the sync engine builds fresh objects per batch, so nothing is copied on commit).
   */
  commit(batch: CommitBatch): Promise<void>
  /** Live (not deleted) records of a resource whose `seenBy` differs from `runId`; copies. */
  unseenRecords(connectionId: string, resource: string, runId: string): Promise<StoredRecord[]>
  /** One page of records in (modifiedAt, id) order; copies. */
  listRecords(query: RecordQuery): Promise<Page<StoredRecord>>
  countRecords(query: Omit<RecordQuery, 'cursor' | 'pageSize'>): Promise<Record<string, number>>

  // runs
  putRun(run: Run): Promise<void>
  getRun(id: string): Promise<Run | undefined>
  listRuns(filter: { tenant?: string; connectionId?: string; status?: RunStatus; limit?: number; cursor?: string }): Promise<Page<Run>>

  // audit (append-only)
  appendAudit(entry: AuditEntry): Promise<void>
  listAudit(filter: { tenant?: string; action?: string; target?: string; limit?: number; cursor?: string }): Promise<Page<AuditEntry>>

  // OAuth states (single use)
  putOAuthState(s: OAuthState): Promise<void>
  takeOAuthState(state: string): Promise<OAuthState | undefined>

  // webhook de-duplication: true the first time an id is seen
  markEventSeen(scope: string, eventId: string, ttlMs: number): Promise<boolean>

  /** Small named JSON documents for other subsystems (revoked token ids, delivery queue, settings). */
  getDoc<T>(name: string): Promise<T | undefined>
  putDoc<T>(name: string, value: T): Promise<void>
}
