/**
 * @module Harvest API v2 simulator, built from shared/providers/harvest.md.
 * Harvest has no webhooks in API v2 (harvest.md §7), so none are simulated.
 */
import { createHash } from 'node:crypto'
import { createClock, isoSeconds } from './common/clock.ts'
import { FaultPlan } from './common/faults.ts'
import { rateLimitSettings, WindowLimiter } from './common/rate-limit.ts'
import { bearerToken, startSimServer, withQuery, type SimRequest, type SimResponse } from './common/server.ts'
import { mustGet, type RequestLogEntry, type Simulator, type SimulatorOptions } from './common/types.ts'
import { makeHarvestTimeEntry, makeHarvestUser, seedHarvest, type HarvestData, type HarvestKind, type HarvestTimeEntry, type HarvestUser } from './harvest-data.ts'

export type { HarvestData, HarvestTimeEntry, HarvestUser } from './harvest-data.ts'

/** A personal access token and the account it works for (harvest.md §1). */
export interface HarvestCredentials extends Record<string, string> {
  accessToken: string
  accountId: string
}

export interface HarvestSimulatorOptions extends SimulatorOptions<HarvestKind, HarvestCredentials> {
  /**
   * `cursor` (default): a first page without `page` gets a `links.next` of the form
   * `?cursor=…&ref=next_cursor`, and pages reached by cursor have `page`/`next_page` null — the
   * transition harvest.md §4 describes. `page`: classic `page=N&ref=next` links. `page=N` in a
   * request is honoured in both modes.
   */
  pagination?: 'cursor' | 'page'
}

export type HarvestSimulator = Simulator<HarvestData, HarvestCredentials>

const MAX_PER_PAGE = 2000
// harvest.md §8: this body is from a third-party client (unverified), used for every 401.
const INVALID_TOKEN = { error: 'invalid_token', error_description: 'The access token provided is expired, revoked, malformed or invalid for other reasons.' }
// Query keys that are not filters and so are not carried into pagination links.
const NOT_FILTERS = new Set(['page', 'per_page', 'cursor', 'ref', 'access_token', 'account_id'])

/** harvest.md §8 gives `{"message": …}` (unverified) for 422; the same shape is used for other errors. */
const message = (status: number, text: string, headers?: Record<string, string>): SimResponse => ({ status, headers, body: { message: text } })

/**
 * Start a Harvest simulator. `url` is `http://127.0.0.1:PORT/v2`.
 * @example
 * const sim = await startHarvestSimulator({ counts: { users: 10, timeEntries: 50 } })
 * await fetch(`${sim.url}/users`, { headers: { Authorization: `Bearer ${sim.credentials.accessToken}`, 'Harvest-Account-Id': sim.credentials.accountId, 'User-Agent': 'Test (t@example.com)' } })
 */
export async function startHarvestSimulator(options: HarvestSimulatorOptions = {}): Promise<HarvestSimulator> {
  const seed = options.seed ?? 1
  const seeded = seedHarvest(seed, { users: options.counts?.users ?? 25, timeEntries: options.counts?.timeEntries ?? 100 })
  const { rng } = seeded
  const data: HarvestData = { users: seeded.users, timeEntries: seeded.timeEntries }
  const clock = createClock(options.now)
  for (const map of [data.users, data.timeEntries]) for (const r of map.values()) clock.observe(Date.parse(r.updated_at))
  const credentials: HarvestCredentials = {
    accessToken: `${seeded.lastUserId}.pt.${createHash('sha256').update(`harvest:${seed}`).digest('base64url').slice(0, 40)}`,
    accountId: String(1000000 + (seed % 1000000)),
    ...options.credentials,
  }
  const mode = options.pagination ?? 'cursor'
  // harvest.md §6: 100 requests per 15 s per token; no rate-limit headers are documented besides Retry-After.
  const limits = rateLimitSettings(options.rateLimit, { limit: 100, windowMs: 15_000 })
  const limiter = new WindowLimiter(limits.limit, limits.windowMs, clock.now)
  const faults = new FaultPlan()
  const requests: RequestLogEntry[] = []
  let origin = ''
  let nextUserId = seeded.lastUserId
  let nextEntryId = seeded.lastEntryId

  const list = <T extends { id: number }>(key: string, records: T[], req: SimRequest): SimResponse => {
    const perPage = Number(req.query.get('per_page') ?? MAX_PER_PAGE)
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) return message(422, `per_page must be between 1 and ${MAX_PER_PAGE}`)
    // List order is not stated in harvest.md; newest-created first (id descending) is assumed,
    // which also makes the cursor a stable keyset position.
    const items = [...records].sort((a, b) => b.id - a.id)
    const filters = [...req.query].filter(([k]) => !NOT_FILTERS.has(k))
    const link = (extra: Array<[string, string]>) => withQuery(`${origin}${req.path}`, [...filters, ...extra])
    const totalPages = Math.max(1, Math.ceil(items.length / perPage))
    const cursorLink = (last: T) => link([['cursor', Buffer.from(JSON.stringify({ id: last.id })).toString('base64url')], ['per_page', String(perPage)], ['ref', 'next_cursor']])
    const cursor = req.query.get('cursor')
    const pageParam = req.query.get('page')
    let slice: T[]
    let page: number | null = null
    let nextPage: number | null = null
    let previousPage: number | null = null
    let next: string | null = null
    let previous: string | null = null
    if (cursor !== null) {
      const after = decodeCursor(cursor)
      if (after === undefined) return message(422, 'cursor is invalid')
      const start = items.findIndex((r) => r.id < after)
      slice = start < 0 ? [] : items.slice(start, start + perPage)
      if (start >= 0 && start + perPage < items.length) next = cursorLink(slice[slice.length - 1])
    } else if (pageParam !== null || mode === 'page') {
      page = Math.max(1, Math.floor(Number(pageParam ?? '1')) || 1)
      slice = items.slice((page - 1) * perPage, page * perPage)
      nextPage = page < totalPages ? page + 1 : null
      previousPage = page > 1 ? page - 1 : null
      if (nextPage) next = link([['page', String(nextPage)], ['per_page', String(perPage)], ['ref', 'next']])
      if (previousPage) previous = link([['page', String(previousPage)], ['per_page', String(perPage)], ['ref', 'previous']])
    } else {
      page = 1
      slice = items.slice(0, perPage)
      if (items.length > perPage) next = cursorLink(slice[slice.length - 1])
    }
    return {
      status: 200,
      body: {
        [key]: slice,
        per_page: perPage,
        total_pages: totalPages,
        total_entries: items.length,
        next_page: nextPage,
        previous_page: previousPage,
        page,
        links: {
          first: link([['page', '1'], ['per_page', String(perPage)], ['ref', 'first']]),
          next,
          previous,
          last: link([['page', String(totalPages)], ['per_page', String(perPage)], ['ref', 'last']]),
        },
      },
    }
  }

  const handle = (req: SimRequest): SimResponse => {
    if (!req.headers['user-agent']) return message(400, 'A User-Agent header is required (see the API overview).')
    const token = bearerToken(req.headers) ?? req.query.get('access_token') ?? undefined
    const account = (req.headers['harvest-account-id'] as string | undefined) ?? req.query.get('account_id') ?? undefined
    // harvest.md does not say how a missing or foreign account id is refused; 401 with the token body is assumed.
    if (token !== credentials.accessToken || account !== credentials.accountId) return { status: 401, body: INVALID_TOKEN }
    const window = limiter.hit(token)
    if (limits.enforce && !window.allowed) return message(429, 'Too many requests', { 'Retry-After': String(window.retryAfter) })
    if (req.method !== 'GET') return message(404, 'Not found')

    const since = req.query.get('updated_since')
    const sinceMs = since === null ? undefined : Date.parse(since)
    if (sinceMs !== undefined && Number.isNaN(sinceMs)) return message(422, 'updated_since must be an ISO 8601 date-time')
    // Inclusive (unverified): a cursor equal to the last seen updated_at re-reads that second rather than skipping it.
    const changed = (r: { updated_at: string }) => sinceMs === undefined || Date.parse(r.updated_at) >= sinceMs

    const path = req.path.replace(/\/+$/, '')
    let m: RegExpExecArray | null
    if (path === '/v2/users') {
      const active = req.query.get('is_active')
      return list('users', [...data.users.values()].filter((u) => changed(u) && (active === null || String(u.is_active) === active)), req)
    }
    if (path === '/v2/users/me') {
      const me = [...data.users.values()].sort((a, b) => a.id - b.id)[0]
      return me ? { status: 200, body: me } : message(404, 'Not found')
    }
    if ((m = /^\/v2\/users\/(\d+)$/.exec(path))) {
      const user = data.users.get(Number(m[1]))
      return user ? { status: 200, body: user } : message(404, 'Not found')
    }
    if (path === '/v2/time_entries') return list('time_entries', [...data.timeEntries.values()].filter((e) => changed(e) && entryMatches(e, req.query)), req)
    if ((m = /^\/v2\/time_entries\/(\d+)$/.exec(path))) {
      const entry = data.timeEntries.get(Number(m[1]))
      return entry ? { status: 200, body: entry } : message(404, 'Not found')
    }
    return message(404, 'Not found')
  }

  const server = await startSimServer({
    handle,
    faults,
    requests,
    statusFault: (f) => ({ ...message(f.status, f.status === 429 ? 'Too many requests' : 'Internal server error', f.retryAfter === undefined ? undefined : { 'Retry-After': String(f.retryAfter) }), ...(f.body === undefined ? {} : { body: f.body }) }),
  })
  origin = server.origin

  return {
    url: `${origin}/v2`,
    credentials,
    data,
    requests,
    faults,
    update(kind, id, patch) {
      const record = mustGet(data[kind] as Map<number, HarvestUser | HarvestTimeEntry>, id as number, kind)
      Object.assign(record, patch, { updated_at: isoSeconds(clock.tick()) })
      return record as never
    },
    remove(kind, id) {
      // Harvest deletes users and time entries outright; `updated_since` never reports deletions (harvest.md §5).
      mustGet(data[kind] as Map<number, unknown>, id as number, kind)
      data[kind].delete(id as number)
    },
    add(kind, record = {}) {
      const now = clock.tick()
      if (kind === 'users') {
        nextUserId += rng.int(1, 97)
        const user = Object.assign(makeHarvestUser(rng, nextUserId, now), record)
        data.users.set(user.id, user)
        return user as never
      }
      const owner = [...data.users.values()][0]
      if (!owner) throw new Error('Add a Harvest user before adding time entries')
      nextEntryId += rng.int(1, 13)
      const entry = Object.assign(makeHarvestTimeEntry(rng, nextEntryId, owner, now, now), record)
      data.timeEntries.set(entry.id, entry)
      return entry as never
    },
    close: server.close,
  }
}

function decodeCursor(cursor: string): number | undefined {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { id?: unknown }
    return typeof value.id === 'number' ? value.id : undefined
  } catch {
    return undefined
  }
}

/** harvest.md §3 time-entry filters; `from`/`to` apply to `spent_date`, not timestamps. */
function entryMatches(e: HarvestTimeEntry, q: URLSearchParams): boolean {
  const eq = (key: string, value: number | boolean) => q.get(key) === null || q.get(key) === String(value)
  return eq('user_id', e.user.id) && eq('client_id', e.client.id) && eq('project_id', e.project.id) && eq('task_id', e.task.id)
    && eq('is_billed', e.is_billed) && eq('is_running', e.is_running)
    && (q.get('from') === null || e.spent_date >= q.get('from')!) && (q.get('to') === null || e.spent_date <= q.get('to')!)
}
