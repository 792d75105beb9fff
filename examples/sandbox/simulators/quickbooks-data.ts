/**
 * @module QuickBooks Online entities and their deterministic seed, shaped like the samples in
 * shared/providers/quickbooks.md §3 (ids are numeric strings per company, timestamps carry an offset).
 */
import { DAY_MS, isoDate } from './common/clock.ts'
import { fakePerson, fakePhone, type Random } from './common/random.ts'

export interface QboRef { value: string; name?: string }
export interface QboMetaData { CreateTime: string; LastUpdatedTime: string }

/** An Employee (quickbooks.md §3 sample and field list). */
export interface QboEmployee {
  Id: string
  SyncToken: string
  domain: 'QBO'
  sparse: false
  DisplayName: string
  PrintOnCheckName: string
  GivenName: string
  FamilyName: string
  Active: boolean
  SSN: string
  BillableTime: boolean
  PrimaryPhone?: { FreeFormNumber: string }
  PrimaryEmailAddr?: { Address: string }
  PrimaryAddr?: { Id: string; Line1: string; City: string; CountrySubDivisionCode: string; PostalCode: string }
  EmployeeNumber?: string
  Title?: string
  HiredDate?: string
  ReleasedDate?: string
  CostRate?: number
  BillRate?: number
  MetaData: QboMetaData
}

/** A TimeActivity (quickbooks.md §3 sandbox sample). */
export interface QboTimeActivity {
  Id: string
  SyncToken: string
  domain: 'QBO'
  sparse: false
  TxnDate: string
  NameOf: 'Employee'
  EmployeeRef: QboRef
  CustomerRef?: QboRef
  ItemRef?: QboRef
  BillableStatus: string
  Taxable: boolean
  HourlyRate: number
  CostRate: number
  Hours: number
  Minutes: number
  Seconds: number
  Description: string
  MetaData: QboMetaData
}

/** CompanyInfo (quickbooks.md §3 sample); `Id` is "1" inside every company. */
export interface QboCompanyInfo {
  Id: string
  SyncToken: string
  CompanyName: string
  LegalName: string
  Country: string
  FiscalYearStartMonth: string
  CompanyStartDate: string
  EmployerId: string
  NameValue: Array<{ Name: string; Value: string }>
  MetaData: QboMetaData
}

/** One company's (realm's) data, records keyed by `Id`. */
export interface QuickBooksData {
  employees: Map<string, QboEmployee>
  timeActivities: Map<string, QboTimeActivity>
  companyInfo: Map<string, QboCompanyInfo>
}

export type QuickBooksKind = keyof QuickBooksData

/** Query entity name (as in `select * from Employee`) and response key of each kind. */
export const QBO_ENTITY: Record<QuickBooksKind, string> = {
  employees: 'Employee',
  timeActivities: 'TimeActivity',
  companyInfo: 'CompanyInfo',
}

// Intuit's samples stamp Pacific time with an explicit offset; the simulator uses a fixed -08:00.
const OFFSET_MS = -8 * 3_600_000

/** `2015-07-24T09:34:35-08:00`: whole seconds, local time with the offset (quickbooks.md §3 samples). */
export function qboTime(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000 + OFFSET_MS).toISOString().slice(0, 19)}-08:00`
}

/** A new employee with numeric id `id`, last changed at `changedMs`. */
export function makeQboEmployee(rng: Random, id: number, changedMs: number): QboEmployee {
  const p = fakePerson(rng, id)
  const display = `${p.first} ${p.last}`
  const hourly = rng.int(18, 75)
  const hired = Date.UTC(2015, 0, 5) + rng.int(0, 3500) * DAY_MS
  const active = rng.chance(0.85)
  return {
    Id: String(id),
    SyncToken: '0',
    domain: 'QBO',
    sparse: false,
    DisplayName: display,
    PrintOnCheckName: display,
    GivenName: p.first,
    FamilyName: p.last,
    Active: active,
    // SSN is always masked in responses (quickbooks.md §3).
    SSN: 'XXX-XX-XXXX',
    BillableTime: rng.chance(0.4),
    PrimaryPhone: { FreeFormNumber: fakePhone(rng) },
    ...(rng.chance(0.8) ? { PrimaryEmailAddr: { Address: p.email } } : {}),
    PrimaryAddr: { Id: String(1000 + id), Line1: `${rng.int(1, 999)} Sample Street`, City: 'Middlefield', CountrySubDivisionCode: 'CA', PostalCode: String(rng.int(90001, 96162)) },
    EmployeeNumber: `E-${String(id).padStart(4, '0')}`,
    ...(rng.chance(0.6) ? { Title: rng.pick(['Baker', 'Cashier', 'Bookkeeper', 'Driver', 'Manager']) } : {}),
    HiredDate: isoDate(hired),
    ...(active ? {} : { ReleasedDate: isoDate(hired + rng.int(30, 900) * DAY_MS) }),
    CostRate: hourly,
    ...(rng.chance(0.5) ? { BillRate: hourly * 2 } : {}),
    MetaData: { CreateTime: qboTime(changedMs - rng.int(1, 30) * DAY_MS), LastUpdatedTime: qboTime(changedMs) },
  }
}

/** A new time activity of `employee`, last changed at `changedMs`. */
export function makeQboTimeActivity(rng: Random, id: number, employee: QboEmployee, changedMs: number): QboTimeActivity {
  const hourly = rng.int(15, 120)
  return {
    Id: String(id),
    SyncToken: '0',
    domain: 'QBO',
    sparse: false,
    TxnDate: isoDate(changedMs - rng.int(0, 3) * DAY_MS),
    NameOf: 'Employee',
    EmployeeRef: { value: employee.Id, name: employee.DisplayName },
    CustomerRef: { value: String(rng.int(1, 40)), name: rng.pick(['Garden Center', 'Corner Cafe', 'City Library', 'Harbor Hotel']) },
    ItemRef: { value: String(rng.int(1, 12)), name: rng.pick(['Lighting', 'Installation', 'Design', 'Hours']) },
    BillableStatus: rng.pick(['Billable', 'NotBillable', 'HasBeenBilled']),
    Taxable: false,
    HourlyRate: hourly,
    CostRate: employee.CostRate ?? 0,
    Hours: rng.int(0, 8),
    Minutes: rng.pick([0, 15, 30, 45]),
    Seconds: 0,
    Description: rng.pick(['Garden Lighting', 'Site visit', 'Install fixtures', 'Planning']),
    MetaData: { CreateTime: qboTime(changedMs), LastUpdatedTime: qboTime(changedMs) },
  }
}

/** The realm's CompanyInfo. */
export function makeQboCompanyInfo(realmId: string, seed: number, changedMs: number): QboCompanyInfo {
  const name = `Sim Bakery ${realmId.slice(-4)}`
  return {
    Id: '1',
    SyncToken: '0',
    CompanyName: name,
    LegalName: `${name} LLC`,
    Country: 'US',
    FiscalYearStartMonth: 'January',
    CompanyStartDate: '2015-06-05',
    EmployerId: String(100000000 + (seed * 7919) % 900000000),
    NameValue: [{ Name: 'NeoEnabled', Value: 'true' }, { Name: 'PayrollFeature', Value: 'false' }],
    MetaData: { CreateTime: qboTime(Date.UTC(2015, 5, 5)), LastUpdatedTime: qboTime(changedMs) },
  }
}

/** A realm id: 16 digits, inside the `^\d{10,19}$` pattern quickbooks.md §1 quotes. */
export function makeRealmId(rng: Random): string {
  return `9${Array.from({ length: 15 }, () => rng.int(0, 9)).join('')}`
}

/**
 * Seed one realm. Change times are spread over the 30 days before `nowMs` and stop a day short of it,
 * so every later change is newer than everything seeded.
 */
export function seedQuickBooksRealm(rng: Random, realmId: string, seed: number, counts: { employees: number; timeActivities: number }, nowMs: number): QuickBooksData {
  const start = nowMs - 31 * DAY_MS
  const span = 30 * DAY_MS
  const at = (i: number, n: number) => start + Math.floor((span * (i + 1)) / (n + 1) / 1000) * 1000
  const employees = new Map<string, QboEmployee>()
  for (let i = 0; i < counts.employees; i++) {
    const e = makeQboEmployee(rng, 50 + i, at(i, counts.employees))
    employees.set(e.Id, e)
  }
  const people = [...employees.values()]
  const timeActivities = new Map<string, QboTimeActivity>()
  for (let i = 0; i < counts.timeActivities && people.length > 0; i++) {
    const t = makeQboTimeActivity(rng, 1 + i, people[i % people.length], at(i, counts.timeActivities))
    timeActivities.set(t.Id, t)
  }
  const info = makeQboCompanyInfo(realmId, seed, start)
  return { employees, timeActivities, companyInfo: new Map([[info.Id, info]]) }
}
