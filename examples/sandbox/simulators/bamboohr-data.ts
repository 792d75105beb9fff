/**
 * @module BambooHR records and their deterministic seed, shaped like the recorded samples in
 * shared/providers/bamboohr.md §3. Ids and most scalars are strings, as BambooHR sends them.
 */
import { DAY_MS, isoDate } from './common/clock.ts'
import { createRandom, fakePerson, fakePhone, type Random } from './common/random.ts'

/**
 * One employee with every field the simulated endpoints project from: the directory fields,
 * plus `status` (v1/employees), `employeeNumber` and `lastChanged` (v2 datasets).
 */
export interface BambooHREmployee {
  id: string
  displayName: string
  firstName: string
  lastName: string
  preferredName: string | null
  jobTitle: string
  workPhone: string | null
  mobilePhone: string | null
  workEmail: string
  department: string
  location: string
  division: string
  facebook: string | null
  linkedIn: string | null
  twitterFeed: string | null
  pinterest: string | null
  instagram: string | null
  pronouns: string | null
  workPhoneExtension: string | null
  supervisor: string | null
  photoUploaded: boolean
  photoUrl: string
  canUploadPhoto: number
  status: 'Active' | 'Inactive'
  employeeNumber: string
  hireDate: string
  /** `2026-06-02T13:10:19+00:00`, the format of the v2 dataset sample. */
  lastChanged: string
}

/** A time-off request exactly as `GET v1/time_off/requests` returns it. */
export interface BambooHRTimeOffRequest {
  id: string
  employeeId: string
  status: { status: 'requested' | 'approved' | 'denied' | 'canceled'; lastChanged: string; lastChangedByUserId: string }
  name: string
  start: string
  end: string
  created: string
  type: { id: string; name: string; icon: string }
  amount: { unit: 'days'; amount: string }
  actions: { view: boolean; edit: boolean; cancel: boolean; approve: boolean; deny: boolean; bypass: boolean }
  dates: Record<string, string>
  notes: Record<string, string>
}

/** The BambooHR dataset, keyed by string id. */
export interface BambooHRData {
  employees: Map<string, BambooHREmployee>
  timeOffRequests: Map<string, BambooHRTimeOffRequest>
}

export type BambooHRKind = keyof BambooHRData

const JOBS = [
  ['Sr. HR Administrator', 'Human Resources'],
  ['Software Engineer', 'Engineering'],
  ['Software Implementation Specialist', 'Engineering'],
  ['Account Executive', 'Sales'],
  ['Payroll Specialist', 'Finance'],
] as const
const LOCATIONS = [['Salt Lake City, Utah', 'North America'], ['Lindon, Utah', 'North America'], ['London, UK', 'Europe']] as const
const TYPES = [
  { id: '77', name: 'Bereavement', icon: 'time-off-luggage' },
  { id: '78', name: 'Vacation', icon: 'time-off-luggage' },
  { id: '79', name: 'Sick', icon: 'time-off-luggage' },
] as const
const DEFAULT_PHOTO = 'https://resources.bamboohr.com/images/photo_person_160x160.png'

/** `2026-06-02T13:10:19+00:00` */
export function bambooTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00')
}

/** A new employee with id `id`. */
export function makeBambooHREmployee(rng: Random, id: number, changedMs: number, supervisor: string | null): BambooHREmployee {
  const p = fakePerson(rng, id)
  const [jobTitle, department] = rng.pick(JOBS)
  const [location, division] = rng.pick(LOCATIONS)
  const phone = fakePhone(rng)
  return {
    id: String(id),
    displayName: `${p.first} ${p.last}`,
    firstName: p.first,
    lastName: p.last,
    preferredName: rng.chance(0.1) ? p.first.slice(0, 3) : null,
    jobTitle,
    workPhone: phone,
    mobilePhone: rng.chance(0.5) ? phone : null,
    workEmail: p.email,
    department,
    location,
    division,
    facebook: null,
    linkedIn: null,
    twitterFeed: null,
    pinterest: null,
    instagram: null,
    pronouns: null,
    workPhoneExtension: rng.chance(0.5) ? String(rng.int(1000, 1999)) : null,
    supervisor,
    photoUploaded: false,
    photoUrl: DEFAULT_PHOTO,
    canUploadPhoto: 1,
    status: 'Active',
    employeeNumber: String(id),
    hireDate: isoDate(changedMs - rng.int(30, 900) * DAY_MS),
    lastChanged: bambooTimestamp(changedMs),
  }
}

/** A new time-off request by `employee`, starting on `startMs`'s day. */
export function makeBambooHRTimeOff(rng: Random, id: number, employee: BambooHREmployee, startMs: number, createdMs: number): BambooHRTimeOffRequest {
  const days = rng.int(1, 5)
  const dates: Record<string, string> = {}
  for (let d = 0; d < days; d++) dates[isoDate(startMs + d * DAY_MS)] = '1'
  const status = rng.pick(['approved', 'approved', 'requested', 'denied'] as const)
  return {
    id: String(id),
    employeeId: employee.id,
    status: { status, lastChanged: isoDate(createdMs), lastChangedByUserId: String(2000 + rng.int(1, 400)) },
    name: employee.displayName,
    start: isoDate(startMs),
    end: isoDate(startMs + (days - 1) * DAY_MS),
    created: isoDate(createdMs),
    type: { ...rng.pick(TYPES) },
    amount: { unit: 'days', amount: String(days) },
    actions: { view: true, edit: true, cancel: status === 'requested', approve: status === 'requested', deny: status === 'requested', bypass: false },
    dates,
    notes: {},
  }
}

/** Seed a dataset; every timestamp falls in 2024–2025. */
export function seedBambooHR(seed: number, counts: { employees: number; timeOffRequests: number }) {
  const rng = createRandom(seed)
  const employees = new Map<string, BambooHREmployee>()
  const createdAt = new Map<string, number>()
  const start = Date.UTC(2024, 0, 3, 14, 0, 0)
  const spacing = Math.floor((365 * DAY_MS) / Math.max(1, counts.employees))
  let id = 0
  let first: BambooHREmployee | undefined
  for (let i = 0; i < counts.employees; i++) {
    id += rng.int(1, 3)
    const changed = start + i * spacing
    const e = makeBambooHREmployee(rng, id, changed, first?.displayName ?? null)
    if (rng.chance(0.08)) e.status = 'Inactive'
    first ??= e
    employees.set(e.id, e)
    createdAt.set(e.id, changed)
  }
  const people = [...employees.values()]
  if (counts.timeOffRequests > 0 && people.length === 0) throw new Error('BambooHR time-off requests need at least one employee')
  const timeOffRequests = new Map<string, BambooHRTimeOffRequest>()
  let requestId = 1600
  const offStart = Date.UTC(2024, 2, 1)
  for (let i = 0; i < counts.timeOffRequests; i++) {
    requestId += rng.int(1, 4)
    const begins = offStart + rng.int(0, 420) * DAY_MS
    const r = makeBambooHRTimeOff(rng, requestId, rng.pick(people), begins, begins - rng.int(3, 40) * DAY_MS)
    timeOffRequests.set(r.id, r)
  }
  return { employees, timeOffRequests, createdAt, rng, lastEmployeeId: id, lastRequestId: requestId }
}
