/**
 * @module Harvest v2 records and their deterministic seed, shaped like the samples in
 * shared/providers/harvest.md §3 (same fields, same types).
 */
import { DAY_MS, isoDate, isoSeconds } from './common/clock.ts'
import { createRandom, fakePerson, fakePhone, type Random } from './common/random.ts'

/** A Harvest user (`GET /v2/users`). `weekly_capacity` is in seconds. */
export interface HarvestUser {
  id: number
  first_name: string
  last_name: string
  email: string
  telephone: string
  timezone: string
  weekly_capacity: number
  has_access_to_all_future_projects: boolean
  is_contractor: boolean
  is_active: boolean
  calendar_integration_enabled: boolean
  calendar_integration_source: string | null
  created_at: string
  updated_at: string
  can_create_projects: boolean
  default_hourly_rate: number | null
  cost_rate: number | null
  roles: string[]
  access_roles: string[]
  permissions_claims: string[]
  avatar_url: string
}

interface Ref { id: number; name: string }

/** A Harvest time entry (`GET /v2/time_entries`). */
export interface HarvestTimeEntry {
  id: number
  spent_date: string
  hours: number
  rounded_hours: number
  notes: string | null
  is_locked: boolean
  locked_reason: string | null
  is_closed: boolean
  is_billed: boolean
  timer_started_at: string | null
  started_time: string | null
  ended_time: string | null
  is_running: boolean
  billable: boolean
  budgeted: boolean
  billable_rate: number | null
  cost_rate: number | null
  created_at: string
  updated_at: string
  user: Ref
  client: Ref & { currency: string }
  project: Ref & { code: string }
  task: Ref
  user_assignment: { id: number; is_project_manager: boolean; is_active: boolean; budget: number | null; hourly_rate: number | null }
  task_assignment: { id: number; billable: boolean; is_active: boolean; budget: number | null; hourly_rate: number | null }
  invoice: { id: number; number: string } | null
  external_reference: unknown | null
}

/** The Harvest dataset: records keyed by their numeric id. */
export interface HarvestData {
  users: Map<number, HarvestUser>
  timeEntries: Map<number, HarvestTimeEntry>
}

export type HarvestKind = keyof HarvestData

const CLIENTS = [
  { id: 5735776, name: 'Northwind Fixtures', currency: 'USD' },
  { id: 5735801, name: 'Blue Heron Studio', currency: 'EUR' },
  { id: 5735822, name: 'Quarry Lane Bakery', currency: 'USD' },
] as const
const PROJECTS = [
  { id: 14307913, name: 'Online Store - Phase 1', code: 'OS1', client: 0 },
  { id: 14307940, name: 'Brand Refresh', code: 'BR', client: 1 },
  { id: 14307977, name: 'Inventory Sync', code: 'INV', client: 0 },
  { id: 14308002, name: 'Ordering Kiosk', code: 'KIOSK', client: 2 },
] as const
const TASKS = [
  { id: 8083365, name: 'Development' },
  { id: 8083366, name: 'Design' },
  { id: 8083367, name: 'Project Management' },
  { id: 8083368, name: 'Meetings' },
] as const
const NOTES = ['Worked on API integration', 'Sprint planning', 'Fixed checkout bug', 'Client call', null] as const
const ACCESS = {
  member: ['expenses:read:own', 'expenses:write:own', 'timers:read:own', 'timers:write:own'],
  manager: ['expenses:read:own', 'expenses:write:own', 'timers:read:own', 'timers:write:own', 'timers:read:all'],
  administrator: ['administrator'],
} as const

const SEED_START = Date.UTC(2023, 0, 2, 9, 0, 0)
const AVATAR = 'https://d3s3969qhosaug.cloudfront.net/v2/default-avatars/4a44.png'

/** A new user with id `id`, created at `createdMs`. */
export function makeHarvestUser(rng: Random, id: number, createdMs: number, updatedMs = createdMs): HarvestUser {
  const person = fakePerson(rng, id)
  const access = rng.chance(0.8) ? 'member' : rng.pick(['manager', 'administrator'] as const)
  return {
    id,
    first_name: person.first,
    last_name: person.last,
    email: person.email,
    telephone: rng.chance(0.5) ? '' : fakePhone(rng),
    timezone: rng.pick(['Eastern Time (US & Canada)', 'Pacific Time (US & Canada)', 'Jerusalem', 'London']),
    weekly_capacity: rng.pick([126000, 144000, 72000]),
    has_access_to_all_future_projects: access !== 'member',
    is_contractor: rng.chance(0.1),
    is_active: rng.chance(0.9),
    calendar_integration_enabled: false,
    calendar_integration_source: null,
    created_at: isoSeconds(createdMs),
    updated_at: isoSeconds(updatedMs),
    can_create_projects: access !== 'member',
    default_hourly_rate: rng.chance(0.5) ? null : rng.pick([75.0, 100.0, 125.0]),
    cost_rate: rng.chance(0.5) ? null : rng.pick([40.0, 50.0, 65.0]),
    roles: rng.chance(0.5) ? [] : [rng.pick(['Engineering', 'Design', 'Sales'])],
    access_roles: [access],
    permissions_claims: [...ACCESS[access]],
    avatar_url: AVATAR,
  }
}

/** `9:00am` / `12:30pm`, the 12-hour format Harvest uses for start/end times. */
function clock12(minutes: number): string {
  const h = Math.floor(minutes / 60) % 24
  const m = minutes % 60
  return `${h % 12 === 0 ? 12 : h % 12}:${String(m).padStart(2, '0')}${h < 12 ? 'am' : 'pm'}`
}

/** A new time entry for `user`, spent on `spentMs`'s day. */
export function makeHarvestTimeEntry(rng: Random, id: number, user: HarvestUser, spentMs: number, createdMs?: number): HarvestTimeEntry {
  const project = rng.pick(PROJECTS)
  const task = rng.pick(TASKS)
  const quarters = rng.int(1, 32)
  const hours = quarters / 4
  const startMin = 8 * 60 + rng.int(0, 16) * 15
  const rate = user.default_hourly_rate ?? 100.0
  const created = createdMs ?? spentMs + (startMin + quarters * 15) * 60_000
  const isBilled = rng.chance(0.3)
  return {
    id,
    spent_date: isoDate(spentMs),
    hours,
    rounded_hours: hours,
    notes: rng.pick(NOTES),
    is_locked: isBilled,
    locked_reason: isBilled ? 'Item Invoiced and Locked for this Time Period' : null,
    is_closed: false,
    is_billed: isBilled,
    timer_started_at: null,
    started_time: clock12(startMin),
    ended_time: clock12(startMin + quarters * 15),
    is_running: false,
    billable: true,
    budgeted: true,
    billable_rate: rate,
    cost_rate: user.cost_rate,
    created_at: isoSeconds(created),
    updated_at: isoSeconds(created),
    user: { id: user.id, name: `${user.first_name} ${user.last_name}` },
    client: { ...CLIENTS[project.client] },
    project: { id: project.id, name: project.name, code: project.code },
    task: { ...task },
    user_assignment: { id: 130403296 + (user.id % 100_000) * 10 + PROJECTS.indexOf(project), is_project_manager: false, is_active: true, budget: null, hourly_rate: rate },
    task_assignment: { id: 155505014 + PROJECTS.indexOf(project) * 10 + TASKS.indexOf(task), billable: true, is_active: true, budget: null, hourly_rate: rate },
    invoice: isBilled ? { id: 13150403 + (id % 1000), number: String(1000 + (id % 1000)) } : null,
    external_reference: null,
  }
}

/**
 * Seed a dataset. Ids grow with creation time, like the sample ids; every timestamp falls in
 * 2023–2024 so that any later change is "newer" than the whole seed.
 */
export function seedHarvest(seed: number, counts: { users: number; timeEntries: number }): HarvestData & { rng: Random; lastUserId: number; lastEntryId: number } {
  const rng = createRandom(seed)
  const users = new Map<number, HarvestUser>()
  let userId = 5085000
  // Spread creations over at most one year so the seed stays in 2023–2024 for any count.
  const spacing = Math.min(3 * 3600_000, Math.floor((365 * DAY_MS) / Math.max(1, counts.users)))
  for (let i = 0; i < counts.users; i++) {
    userId += rng.int(1, 97)
    const created = SEED_START + i * spacing + rng.int(0, Math.floor(spacing / 2000)) * 1000
    users.set(userId, makeHarvestUser(rng, userId, created, created + rng.int(0, 90) * DAY_MS))
  }
  const people = [...users.values()]
  if (counts.timeEntries > 0 && people.length === 0) throw new Error('Harvest time entries need at least one user')
  const timeEntries = new Map<number, HarvestTimeEntry>()
  let entryId = 636709000
  const spentStart = Date.UTC(2024, 0, 1)
  for (let i = 0; i < counts.timeEntries; i++) {
    entryId += rng.int(1, 13)
    const day = spentStart + Math.floor((i * 360) / Math.max(1, counts.timeEntries)) * DAY_MS
    timeEntries.set(entryId, makeHarvestTimeEntry(rng, entryId, rng.pick(people), day))
  }
  return { users, timeEntries, rng, lastUserId: userId, lastEntryId: entryId }
}
