/**
 * @module Gusto records and their deterministic seed, shaped like the OpenAPI x-examples in
 * shared/providers/gusto.md §3 (amounts are decimal strings, ids are uuids).
 */
import { DAY_MS, isoDate, isoSeconds } from './common/clock.ts'
import { createRandom, fakePerson, fakePhone, type Random } from './common/random.ts'

/** A company (`GET /v1/companies/{company_id}`), with the keys gusto.md lists. */
export interface GustoCompany {
  uuid: string
  name: string
  trade_name: string | null
  is_partner_managed: boolean
  tier: string
  locations: unknown[]
  ein: string
  entity_type: string
  pay_schedule_type: string
  join_date: string
  funding_type: string
  slug: string
  is_suspended: boolean
  company_status: string
  contractor_only: boolean
  compensations: { hourly: unknown[]; fixed: unknown[]; paid_time_off: unknown[] }
}

export interface GustoCompensation { uuid: string; payment_unit: string; flsa_status: string; effective_date: string; rate: string }
export interface GustoJob {
  uuid: string
  version: string
  employee_uuid: string
  current_compensation_uuid: string
  payment_unit: string
  primary: boolean
  title: string
  rate: string
  hire_date: string
  compensations: GustoCompensation[]
}

/** An employee (`GET /v1/employees/{employee_id}`). `version` changes on every update. */
export interface GustoEmployee {
  uuid: string
  first_name: string
  middle_initial: string | null
  last_name: string
  email: string
  company_uuid: string
  manager_uuid: string | null
  version: string
  current_employment_status: string
  onboarding_status: string
  preferred_first_name: string | null
  department_uuid: string | null
  employee_code: string
  payment_method: string
  department: string | null
  terminated: boolean
  two_percent_shareholder: boolean
  onboarded: boolean
  historical: boolean
  has_ssn: boolean
  jobs: GustoJob[]
  eligible_paid_time_off: unknown[]
  terminations: unknown[]
  garnishments: unknown[]
  date_of_birth: string
  ssn: string
  phone: string | null
  work_email: string | null
}

/** A payroll as the list endpoint returns it (gusto.md `Payroll-List` example). */
export interface GustoPayroll {
  uuid: string
  payroll_uuid: string
  company_uuid: string
  off_cycle: boolean
  auto_pilot: boolean
  processed: boolean
  processed_date: string | null
  calculated_at: string | null
  pay_period: { start_date: string; end_date: string; pay_schedule_uuid: string }
  check_date: string
  external: boolean
  payroll_deadline: string
  company_taxes: unknown[]
  created_at: string
  partner_owned_disbursement: boolean | null
  payroll_status_meta: {
    cancellable: boolean
    expected_check_date: string
    initial_check_date: string
    expected_debit_time: string
    payroll_late: boolean
    initial_debit_cutoff_time: string
  }
}

/** The Gusto dataset, keyed by uuid. It holds exactly one company: the token's. */
export interface GustoData {
  companies: Map<string, GustoCompany>
  employees: Map<string, GustoEmployee>
  payrolls: Map<string, GustoPayroll>
}

export type GustoKind = keyof GustoData

/** A new employee of `companyUuid`. */
export function makeGustoEmployee(rng: Random, n: number, companyUuid: string, managerUuid: string | null): GustoEmployee {
  const p = fakePerson(rng, n)
  const uuid = rng.uuid()
  const compUuid = rng.uuid()
  const yearly = rng.chance(0.7)
  const rate = yearly ? `${rng.int(45, 160) * 1000}.00` : `${rng.int(18, 60)}.00`
  const unit = yearly ? 'Year' : 'Hour'
  const hire = Date.UTC(2019, 0, 7) + rng.int(0, 2000) * DAY_MS
  const onboarded = rng.chance(0.95)
  return {
    uuid,
    first_name: p.first,
    middle_initial: rng.chance(0.3) ? 'QRSTUV'[rng.int(0, 5)] : null,
    last_name: p.last,
    email: p.email.replace('@example.com', '@personal.example.com'),
    company_uuid: companyUuid,
    manager_uuid: managerUuid,
    version: rng.hex(32),
    current_employment_status: 'full_time',
    onboarding_status: onboarded ? 'onboarding_completed' : 'admin_onboarding_incomplete',
    preferred_first_name: null,
    department_uuid: null,
    employee_code: rng.hex(6),
    payment_method: rng.chance(0.9) ? 'Direct Deposit' : 'Check',
    department: null,
    terminated: false,
    two_percent_shareholder: false,
    onboarded,
    historical: false,
    has_ssn: true,
    jobs: [{
      uuid: rng.uuid(),
      version: rng.hex(32),
      employee_uuid: uuid,
      current_compensation_uuid: compUuid,
      payment_unit: unit,
      primary: true,
      title: rng.pick(['', 'Barista', 'Store Manager', 'Engineer', 'Bookkeeper']),
      rate,
      hire_date: isoDate(hire),
      compensations: [{ uuid: compUuid, payment_unit: unit, flsa_status: yearly ? 'Exempt' : 'Nonexempt', effective_date: isoDate(hire), rate }],
    }],
    eligible_paid_time_off: [],
    terminations: [],
    garnishments: [],
    date_of_birth: isoDate(Date.UTC(1965, 0, 1) + rng.int(0, 13000) * DAY_MS),
    ssn: '',
    phone: rng.chance(0.5) ? fakePhone(rng) : null,
    work_email: rng.chance(0.7) ? p.email : null,
  }
}

/** A payroll whose check date is `checkMs`; processed when the check date is not in the future of `todayMs`. */
export function makeGustoPayroll(rng: Random, companyUuid: string, scheduleUuid: string, checkMs: number, todayMs: number, offCycle: boolean): GustoPayroll {
  const uuid = rng.uuid()
  const end = checkMs - 4 * DAY_MS
  const deadline = `${isoDate(checkMs - 2 * DAY_MS)}T23:00:00Z`
  const processed = checkMs <= todayMs
  const calculated = `${isoDate(checkMs - 3 * DAY_MS)}T19:40:51Z`
  return {
    uuid,
    payroll_uuid: uuid,
    company_uuid: companyUuid,
    off_cycle: offCycle,
    auto_pilot: false,
    processed,
    processed_date: processed ? isoDate(checkMs - 3 * DAY_MS) : null,
    calculated_at: processed ? calculated : null,
    pay_period: { start_date: isoDate(end - 13 * DAY_MS), end_date: isoDate(end), pay_schedule_uuid: scheduleUuid },
    check_date: isoDate(checkMs),
    external: false,
    payroll_deadline: deadline,
    company_taxes: [],
    created_at: processed ? calculated : isoSeconds(end - 10 * DAY_MS),
    partner_owned_disbursement: null,
    payroll_status_meta: { cancellable: !processed, expected_check_date: isoDate(checkMs), initial_check_date: isoDate(checkMs), expected_debit_time: deadline, payroll_late: false, initial_debit_cutoff_time: deadline },
  }
}

/**
 * Seed a dataset. Payrolls are biweekly and anchored on `todayMs` (the newest one is still
 * unprocessed, a week ahead), because the list endpoint's default window is relative to today;
 * every 7th is off-cycle.
 */
export function seedGusto(seed: number, counts: { employees: number; payrolls: number }, todayMs: number) {
  const rng = createRandom(seed)
  const company: GustoCompany = {
    uuid: rng.uuid(),
    name: `Sim Coffee Co ${seed}`,
    trade_name: `Sim Coffee ${seed}`,
    is_partner_managed: false,
    tier: 'plus',
    locations: [],
    ein: `00-${String(1000000 + (seed % 9000000)).padStart(7, '0')}`,
    entity_type: 'LLC',
    pay_schedule_type: 'single',
    join_date: '2019-01-07',
    funding_type: 'ach',
    slug: `sim-coffee-co-${seed}`,
    is_suspended: false,
    company_status: 'Approved',
    contractor_only: false,
    compensations: { hourly: [], fixed: [], paid_time_off: [] },
  }
  const employees = new Map<string, GustoEmployee>()
  let manager: string | null = null
  for (let i = 0; i < counts.employees; i++) {
    const e = makeGustoEmployee(rng, i + 1, company.uuid, manager)
    manager ??= e.uuid
    employees.set(e.uuid, e)
  }
  const schedule = rng.uuid()
  const today = Math.floor(todayMs / DAY_MS) * DAY_MS
  const payrolls = new Map<string, GustoPayroll>()
  for (let i = counts.payrolls - 1; i >= 0; i--) {
    const offCycle = i % 7 === 6
    const check = today + 7 * DAY_MS - i * 14 * DAY_MS + (offCycle ? 2 * DAY_MS : 0)
    const p = makeGustoPayroll(rng, company.uuid, schedule, check, today, offCycle)
    payrolls.set(p.uuid, p)
  }
  return { companies: new Map([[company.uuid, company]]), employees, payrolls, rng, company, schedule }
}
