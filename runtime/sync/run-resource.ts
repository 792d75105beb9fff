/**
 * @module One pass over one resource of one connection: walk its pages (once per parent for a child
 * resource), map and store records in checkpointed batches, detect deletions after a complete full pass,
 * and advance the incremental cursor only once everything is stored.
 */
import { durationMs, type ResourceSpec } from '../manifest/schema/index.ts'
import type { ModelName } from '../model/names.ts'
import { walkPages, type PageRequest, type PaginateHook } from '../components/paginators/index.ts'
import type { Requester } from '../http/index.ts'
import type { EventBus } from '../events/types.ts'
import type { Connection, ResourceRun, ResourceState, Store, StoredRecord } from '../store/types.ts'
import type { RecordScope } from './apply.ts'
import { makeCheckpoint, passStart, type PassPosition } from './checkpoint.ts'
import { compileResource } from './compile.ts'
import { addCounts } from './counts.ts'
import { cursorForRequest, maxCursor, type CursorFormat } from './cursor.ts'
import { deletionStrategy, unseenTombstones } from './deletion.ts'
import type { KeyedLock } from './keyed-lock.ts'
import { listParents, type ParentRecord } from './parents.ts'
import { emitChanges, flushBatch, prepareRecord, type Prepared } from './record-pipeline.ts'

/** Invalid records listed one by one in a run's errors; beyond this they are only counted. */
const MAX_RECORD_ERRORS = 50

/** What one resource pass needs. */
export interface ResourcePassContext {
  store: Store
  bus: EventBus
  lock: KeyedLock
  connection: Connection
  resource: string
  spec: ResourceSpec
  runId: string
  /** The caller asked for a full pass. */
  full: boolean
  now: () => number
  /** Records per committed batch (pages are coalesced up to this many). */
  flushEvery: number
  keepRemoteData: boolean
  requester: Requester
  hooks?: { paginate?: PaginateHook }
  /** Mutated as the pass goes: counts, pages, status details. */
  result: ResourceRun
  /** Called after each committed batch. */
  onProgress: () => void
  /** Called once it is known whether the pass resumes a stopped one. */
  onStart?: (info: { full: boolean; resumed: boolean }) => void
}

const iso = (ms: number) => new Date(ms).toISOString()

/**
 * Run one resource pass. Throws when the pass cannot complete (after committing what it fetched, so the
 * checkpoint points at the page that failed); invalid records are counted and listed, never thrown.
 */
export async function runResourcePass(ctx: ResourcePassContext): Promise<void> {
  const { store, connection, resource, spec, result } = ctx
  const compiled = compileResource(spec)
  const format: CursorFormat = spec.incremental?.format ?? 'iso'
  const lookbackMs = spec.incremental?.lookback ? durationMs(spec.incremental.lookback) : 0
  const state: ResourceState = (await store.getResourceState(connection.id, resource)) ?? { connectionId: connection.id, resource }
  const start = passStart(state, { full: ctx.full })

  let full: boolean
  let seenToken: string
  let cursorCandidate: string | null
  let position: PassPosition
  // The run counts its own pages; the checkpoint counts the whole pass, across resumes.
  let pagesBefore = 0
  if (start.resumed) {
    ;({ full, seenToken, cursorCandidate, position } = start)
    pagesBefore = start.pages
  } else {
    full = ctx.full || !spec.incremental || !state.cursor
    seenToken = ctx.runId
    cursorCandidate = null
    const cursor = full ? undefined : cursorForRequest(state.cursor, lookbackMs, format)
    position = { next: 'first', ...(cursor === undefined ? {} : { cursor }), passStartedAt: iso(ctx.now()) }
  }
  result.full = full
  ctx.onStart?.({ full, resumed: start.resumed })

  const scope: RecordScope = {
    connectionId: connection.id, tenant: connection.tenant, connector: connection.connector, resource, model: spec.model, keepRemoteData: ctx.keepRemoteData,
  }
  const detectDeletions = deletionStrategy(spec) === 'full_refresh' && full
  // See deletion.ts: only a pass that ran from its first page in this process knows every record it met.
  const seen = detectDeletions && !start.resumed ? new Set<string>() : undefined
  const seenBy = detectDeletions ? seenToken : undefined
  const lockKey = `${connection.id}\u0000${resource}`
  const baseState = (checkpoint: ResourceState['checkpoint']): ResourceState => ({
    connectionId: connection.id, resource, cursor: state.cursor ?? null, checkpoint, lastFullSyncAt: state.lastFullSyncAt ?? null,
  })

  let pending: Prepared[] = []
  let invalidListed = result.errors.filter((e) => e.code === 'mapping_invalid').length
  // At most one commit in flight: its file writes overlap fetching and mapping the next batch, and a batch is
  // compared with the store only once the one before it is committed, so batches land strictly in order.
  let inflight: Promise<void> = Promise.resolve()
  const flush = async (at: PassPosition) => {
    const items = pending
    pending = []
    const checkpoint = makeCheckpoint({ seenToken, full, pages: pagesBefore + result.pages, cursorCandidate, position: at })
    await inflight
    inflight = ctx.lock.run(lockKey, () => flushBatch({ store, scope, items, now: iso(ctx.now()), seenBy, state: baseState(checkpoint) })).then((out) => {
      addCounts(result.counts, out.counts)
      emitChanges(ctx.bus, out.changes, ctx.runId)
      position = at
      ctx.onProgress()
    })
    // Surfaced by the next flush or the end of the walk; never an unhandled rejection in between.
    inflight.catch(() => undefined)
  }

  const bindingsBase = { config: connection.config }
  const walkParent = async (parent: ParentRecord | undefined, from: PageRequest | undefined, after: (next: PageRequest | null) => PassPosition) => {
    const bindings = parent ? { ...bindingsBase, parent: parent.raw } : bindingsBase
    const vars: Record<string, unknown> = { now: position.passStartedAt, ...(position.cursor === undefined ? {} : { cursor: position.cursor }), ...(parent ? { parent: parent.raw } : {}) }
    let last: PassPosition | undefined
    const walk = walkPages({ requester: ctx.requester, resource, list: spec.list, vars, ...(from ? { from } : {}), hooks: ctx.hooks })
    try {
      let ahead = walk.next()
      for (;;) {
        const step = await ahead
        if (step.done) break
        const page = step.value
        // Ask for the next page before mapping and storing this one, so the network wait overlaps the work.
        ahead = walk.next()
        ahead.catch(() => undefined)
        result.pages++
        result.counts.fetched += page.records.length
        const nowIso = iso(ctx.now())
        for (const raw of page.records) {
          const p = await prepareRecord(raw, compiled, spec.model as ModelName, bindings, nowIso, resource)
          if (p.kind === 'invalid') {
            if (invalidListed++ < MAX_RECORD_ERRORS) result.errors.push(p.error)
          } else if (compiled.cursor) {
            cursorCandidate = maxCursor(cursorCandidate, p.cursor, format)
          }
          if (seen) {
            const id = p.kind === 'record' ? p.incoming.remoteId : p.remoteId
            if (id !== undefined) seen.add(id)
          }
          pending.push(p)
        }
        last = after(page.next)
        if (pending.length >= ctx.flushEvery) await flush(last)
      }
    } catch (err) {
      // Keep what arrived before the failure; the checkpoint then names the page that failed.
      if (pending.length > 0 && last) await flush(last)
      await inflight
      throw err
    }
    if (pending.length > 0 && last) await flush(last)
    await inflight
  }

  if (position.next !== null) {
    if (!spec.parent) {
      const from = position.next === 'first' ? undefined : (position.next as PageRequest)
      await walkParent(undefined, from, (next) => ({ ...position, next }))
    } else {
      const parents = await listParents(store, connection.id, spec.parent.resource)
      let i = 0
      if (position.parentId !== undefined) {
        i = parents.findIndex((p) => p.remoteId >= position.parentId!)
        if (i < 0) i = parents.length
      }
      for (; i < parents.length; i++) {
        const parent = parents[i]
        const resumeHere = position.parentId === parent.remoteId && position.next !== 'first'
        const from = resumeHere ? (position.next as PageRequest) : undefined
        const following = parents[i + 1]
        await walkParent(parent, from, (next) => (next !== null
          ? { ...position, next, parentId: parent.remoteId }
          : following ? { ...position, next: 'first', parentId: following.remoteId } : { ...position, next: null, parentId: parent.remoteId }))
      }
    }
  }

  // Every page is stored. Deletions and the cursor are decided only now, in the same commits as the final state.
  const finalState: ResourceState = {
    ...baseState(null),
    cursor: spec.incremental ? maxCursor(state.cursor ?? null, cursorCandidate, format) : state.cursor ?? null,
    lastFullSyncAt: full ? position.passStartedAt : state.lastFullSyncAt ?? null,
  }
  const donePosition: PassPosition = { ...position, next: null }
  await ctx.lock.run(lockKey, async () => {
    const gone: StoredRecord[] = seen
      ? await unseenTombstones(store, { connectionId: connection.id, resource, seenToken, seen, passStartedAt: position.passStartedAt }, iso(ctx.now()))
      : []
    for (let i = 0; i < gone.length || i === 0; i += ctx.flushEvery) {
      const chunk = gone.slice(i, i + ctx.flushEvery)
      const last = i + ctx.flushEvery >= gone.length
      const checkpoint = makeCheckpoint({ seenToken, full, pages: pagesBefore + result.pages, cursorCandidate, position: donePosition })
      await store.commit({ connectionId: connection.id, resource, records: chunk, state: last ? finalState : baseState(checkpoint) })
      result.counts.deleted += chunk.length
      emitChanges(ctx.bus, chunk.map((record) => ({ action: 'deleted' as const, record })), ctx.runId)
    }
  })
  if (invalidListed > MAX_RECORD_ERRORS) {
    result.errors.push({ code: 'mapping_invalid', message: `${invalidListed - MAX_RECORD_ERRORS} more invalid records are counted but not listed.`, resource, at: iso(ctx.now()) })
  }
  ctx.onProgress()
}
