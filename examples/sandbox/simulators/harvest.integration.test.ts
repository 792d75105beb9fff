import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarvestSimulator, type HarvestSimulator } from './harvest.ts'

const UA = 'MaestroTest (test@example.com)'
const headersFor = (sim: HarvestSimulator) => ({ Authorization: `Bearer ${sim.credentials.accessToken}`, 'Harvest-Account-Id': sim.credentials.accountId, 'User-Agent': UA })

/** Follow `links.next` verbatim until it is null, as harvest.md §4 says clients must. */
async function walk(sim: HarvestSimulator, first: string, key: string) {
  const ids: number[] = []
  const pages: Array<{ page: unknown; next_page: unknown; next: string | null }> = []
  for (let url: string | null = first; url; ) {
    const res = await fetch(url, { headers: headersFor(sim) })
    expect(res.status).toBe(200)
    const body = (await res.json()) as Record<string, unknown> & { links: { next: string | null }; page: unknown; next_page: unknown }
    ids.push(...(body[key] as Array<{ id: number }>).map((r) => r.id))
    pages.push({ page: body.page, next_page: body.next_page, next: body.links.next })
    url = body.links.next
    if (pages.length > 1000) throw new Error('pagination did not end')
  }
  return { ids, pages }
}

/** fetch() always sends a User-Agent, so the missing-header case needs node:http. */
function getWithoutUserAgent(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.removeHeader('user-agent')
    req.on('error', reject).end()
  })
}

describe('Harvest simulator', () => {
  let sim: HarvestSimulator
  beforeAll(async () => {
    sim = await startHarvestSimulator({ seed: 7, counts: { users: 250, timeEntries: 1200 } })
  })
  afterAll(() => sim.close())

  it('refuses a request without User-Agent with 400', async () => {
    const { Authorization, 'Harvest-Account-Id': account } = headersFor(sim)
    const res = await getWithoutUserAgent(`${sim.url}/users`, { Authorization, 'Harvest-Account-Id': account })
    expect(res.status).toBe(400)
  })

  it.each([
    { name: 'no token', headers: (s: HarvestSimulator) => ({ 'Harvest-Account-Id': s.credentials.accountId, 'User-Agent': UA }) },
    { name: 'a wrong token', headers: (s: HarvestSimulator) => ({ ...headersFor(s), Authorization: 'Bearer nope' }) },
    { name: 'no account id', headers: (s: HarvestSimulator) => ({ Authorization: `Bearer ${s.credentials.accessToken}`, 'User-Agent': UA }) },
    { name: 'another account id', headers: (s: HarvestSimulator) => ({ ...headersFor(s), 'Harvest-Account-Id': '1' }) },
  ])('answers 401 invalid_token for $name', async ({ headers }) => {
    const res = await fetch(`${sim.url}/users`, { headers: headers(sim) })
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ error: 'invalid_token', error_description: expect.any(String) })
  })

  it('accepts the token and account id as query parameters', async () => {
    const res = await fetch(`${sim.url}/users/me?access_token=${sim.credentials.accessToken}&account_id=${sim.credentials.accountId}`, { headers: { 'User-Agent': UA } })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ id: Math.min(...sim.data.users.keys()) })
  })

  it.each([
    { name: 'users', path: '/users?per_page=40', key: 'users', count: 250 },
    { name: 'time entries', path: '/time_entries?per_page=100', key: 'time_entries', count: 1200 },
  ])('walks every $name once through cursor-style links.next', async ({ path, key, count }) => {
    const { ids, pages } = await walk(sim, `${sim.url}${path}`, key)
    expect(ids).toHaveLength(count)
    expect(new Set(ids).size).toBe(count)
    expect(pages[1].next ?? pages[0].next).toMatch(/[?&]cursor=[^&]+&per_page=\d+&ref=next_cursor$/)
    // Middle pages reached by cursor have no page numbers (harvest.md §4).
    expect(pages[1]).toMatchObject({ page: null, next_page: null })
  })

  it('walks page-style links when a page number is asked for, with the envelope keys of the sample', async () => {
    const res = await fetch(`${sim.url}/users?is_active=true&page=1&per_page=100`, { headers: headersFor(sim) })
    const body = await res.json()
    const active = [...sim.data.users.values()].filter((u) => u.is_active).length
    expect(body).toMatchObject({ per_page: 100, total_entries: active, total_pages: Math.ceil(active / 100), page: 1, next_page: 2, previous_page: null })
    expect(body.links.first).toBe(`${sim.url}/users?is_active=true&page=1&per_page=100&ref=first`)
    expect(body.links.next).toBe(`${sim.url}/users?is_active=true&page=2&per_page=100&ref=next`)
    const { ids } = await walk(sim, `${sim.url}/users?is_active=true&page=1&per_page=100`, 'users')
    expect(new Set(ids).size).toBe(active)
  })

  it('serves records shaped like the harvest.md samples', async () => {
    const [user] = (await (await fetch(`${sim.url}/users?per_page=1`, { headers: headersFor(sim) })).json()).users
    expect(Object.keys(user).sort()).toEqual(['access_roles', 'avatar_url', 'calendar_integration_enabled', 'calendar_integration_source', 'can_create_projects', 'cost_rate', 'created_at', 'default_hourly_rate', 'email', 'first_name', 'has_access_to_all_future_projects', 'id', 'is_active', 'is_contractor', 'last_name', 'permissions_claims', 'roles', 'telephone', 'timezone', 'updated_at', 'weekly_capacity'])
    expect(user.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    const id = [...sim.data.timeEntries.keys()][0]
    const entry = await (await fetch(`${sim.url}/time_entries/${id}`, { headers: headersFor(sim) })).json()
    expect(entry).toMatchObject({ id, hours: expect.any(Number), spent_date: expect.stringMatching(/^\d{4}-\d\d-\d\d$/), user: { id: expect.any(Number), name: expect.any(String) }, client: { currency: expect.any(String) }, project: { code: expect.any(String) } })
  })

  it('refuses per_page above 2000 with 422', async () => {
    const res = await fetch(`${sim.url}/users?per_page=2001`, { headers: headersFor(sim) })
    expect(res.status).toBe(422)
    expect(await res.json()).toEqual({ message: expect.any(String) })
  })

  it('filters time entries on spent_date with from/to', async () => {
    const { ids } = await walk(sim, `${sim.url}/time_entries?from=2024-03-01&to=2024-03-31&per_page=2000`, 'time_entries')
    const expected = [...sim.data.timeEntries.values()].filter((e) => e.spent_date >= '2024-03-01' && e.spent_date <= '2024-03-31')
    expect(expected.length).toBeGreaterThan(0)
    expect(ids.sort()).toEqual(expected.map((e) => e.id).sort())
  })

  it('returns only records changed after update() for updated_since', async () => {
    const [a, b] = [...sim.data.users.keys()].slice(3, 5)
    const before = sim.data.users.get(a)!.updated_at
    const changed = sim.update('users', a, { first_name: 'Renamed' })
    sim.update('users', b, { is_active: false })
    expect(Date.parse(changed.updated_at)).toBeGreaterThan(Date.parse(before))
    const { ids } = await walk(sim, `${sim.url}/users?updated_since=${encodeURIComponent(changed.updated_at)}`, 'users')
    expect(ids.sort()).toEqual([a, b].sort())
    const entry = [...sim.data.timeEntries.keys()][10]
    const touched = sim.update('timeEntries', entry, { notes: 'edited' })
    const res = await walk(sim, `${sim.url}/time_entries?updated_since=${touched.updated_at}`, 'time_entries')
    expect(res.ids).toEqual([entry])
  })

  it('makes a removed record disappear from lists and lookups', async () => {
    const id = [...sim.data.users.keys()][20]
    sim.remove('users', id)
    expect((await fetch(`${sim.url}/users/${id}`, { headers: headersFor(sim) })).status).toBe(404)
    const { ids } = await walk(sim, `${sim.url}/users?per_page=2000`, 'users')
    expect(ids).not.toContain(id)
    expect(ids).toHaveLength(sim.data.users.size)
  })

  it('lists an added record first, with a fresh updated_at', async () => {
    const user = sim.add('users', { first_name: 'Newcomer' })
    const body = await (await fetch(`${sim.url}/users?per_page=1`, { headers: headersFor(sim) })).json()
    expect(body.users[0]).toMatchObject({ id: user.id, first_name: 'Newcomer' })
    expect(user.created_at).toBe(user.updated_at)
  })
})

describe('Harvest simulator rate limit', () => {
  let now = Date.UTC(2026, 0, 1)
  let sim: HarvestSimulator
  beforeAll(async () => {
    sim = await startHarvestSimulator({ counts: { users: 2, timeEntries: 0 }, rateLimit: true, now: () => now })
  })
  afterAll(() => sim.close())

  it('answers 429 with Retry-After after 100 requests in 15 s, and lets requests through once the window closes', async () => {
    for (let i = 0; i < 100; i++) expect((await fetch(`${sim.url}/users/me`, { headers: headersFor(sim) })).status).toBe(200)
    now += 5_000
    const refused = await fetch(`${sim.url}/users/me`, { headers: headersFor(sim) })
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('10')
    now += 10_000
    expect((await fetch(`${sim.url}/users/me`, { headers: headersFor(sim) })).status).toBe(200)
  })

  it('does not throttle when rateLimit is off (the default)', async () => {
    const free = await startHarvestSimulator({ counts: { users: 1, timeEntries: 0 } })
    try {
      const statuses = await Promise.all(Array.from({ length: 110 }, () => fetch(`${free.url}/users/me`, { headers: headersFor(free) }).then((r) => r.status)))
      expect(statuses.every((s) => s === 200)).toBe(true)
    } finally {
      await free.close()
    }
  })
})
