import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { TSchema } from '@sinclair/typebox'
import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { MODEL_NAMES as MANIFEST_MODEL_NAMES } from '../manifest/schema/model-names.ts'
import {
  MODEL_NAMES, MODELS, RecordEnvelope, isModelName, modelSchemaFiles, validateModel, validateRecord,
  type Employee, type ModelName, type StoredRecord,
} from './index.ts'

const root = join(import.meta.dirname, '..', '..')
const usd = (amount: number) => ({ amount, currency: 'USD' })

describe('published files', () => {
  const files = modelSchemaFiles()

  it('schemas/model holds exactly the generated files (run `npm run schemas` after changing a model)', async () => {
    const committed = (await readdir(join(root, 'schemas/model'))).map((f) => `schemas/model/${f}`).sort()
    expect(committed, 'run `npm run schemas`').toEqual(Object.keys(files).sort())
  })

  it.each(Object.entries(files))('%s matches its TypeBox source', async (file, doc) => {
    const text = await readFile(join(root, file), 'utf8').catch(() => '(missing)')
    expect(text, `${file} is stale: run \`npm run schemas\``).toBe(`${JSON.stringify(doc, null, 2)}\n`)
  })

  it.each(Object.entries(files))('%s has an $id matching its path, a title, and no TypeBox symbols', (file, doc) => {
    const schema = doc as { $id: string; title: string }
    expect(schema.$id).toBe(`https://maestro.dev/${file}`)
    expect(schema.title).toMatch(/^[A-Z][A-Za-z]+$/)
    expect(Object.getOwnPropertySymbols(doc)).toEqual([])
  })
})

describe('model names', () => {
  it('lists every model once, equal to the manifest schema copy', () => {
    expect(Object.keys(MODELS)).toEqual([...MODEL_NAMES])
    expect([...MANIFEST_MODEL_NAMES]).toEqual([...MODEL_NAMES])
  })

  it.each([['Employee', true], ['employee', false], ['Worker', false], [42, false]])('isModelName(%j) is %s', (name, ok) => {
    expect(isModelName(name)).toBe(ok)
  })
})

// Records hand-mapped from the provider samples in shared/providers/*.md.
const valid: Array<{ name: string; model: ModelName; data: unknown }> = [
  { name: 'QuickBooks CompanyInfo', model: 'Company', data: { legalName: "Larry's Bakery", displayName: "Larry's Bakery", country: 'US', startDate: '2015-06-05', fiscalYearStartMonth: 1, ein: '123456789' } },
  { name: 'Paychex company', model: 'Company', data: { legalName: 'Monsters, Inc', displayId: '09620579', ein: '995886885', address: { line1: 'Mike St', city: 'ANAHEIM', state: 'CA', postalCode: '92802', country: 'US' } } },
  { name: 'QuickBooks Employee', model: 'Employee', data: { displayName: 'Bill Miller', firstName: 'Bill', lastName: 'Miller', workPhone: '234-525-1234', ssn: 'XXX-XX-XXXX', employmentStatus: 'ACTIVE', homeAddress: { line1: '45 N. Elm Street', city: 'Middlefield', state: 'CA', postalCode: '93242' }, remoteCreatedAt: '2015-07-24T09:34:35-07:00', hourlyBillRate: null } },
  { name: 'Harvest user', model: 'Employee', data: { firstName: 'John', lastName: 'Doe', workEmail: 'john@doe.com', workPhone: null, timezone: 'Jerusalem', weeklyHours: 35, employmentType: 'FULL_TIME', employmentStatus: 'ACTIVE', hourlyBillRate: null, hourlyCostRate: null, roles: ['member'], avatarUrl: 'https://d3s3969qhosaug.cloudfront.net/v2/default-avatars/4a44.png' } },
  { name: 'Gusto employee', model: 'Employee', data: { firstName: 'Boaty', middleName: null, lastName: 'Koss', personalEmail: 'keena.feest@kiehn.co.uk', companyId: 'e904cc79-818a-4da8-9d37-0be0a86fdda8', employeeNumber: '46f036', employmentType: 'FULL_TIME', employmentStatus: 'ACTIVE', dateOfBirth: '2005-06-09', payRate: { amount: 8000000, currency: 'USD', unit: 'YEAR' }, hireDate: '2024-06-09', workEmail: null } },
  { name: 'BambooHR directory entry', model: 'Employee', data: { displayName: 'Charlotte Abbott', firstName: 'Charlotte', lastName: 'Abbott', jobTitle: 'Sr. HR Administrator', department: 'Human Resources', workLocationName: 'Salt Lake City, Utah', managerName: 'Jennifer Caldwell', workEmail: 'cabbott@efficientoffice.com', customFields: { division: 'North America', pronouns: null } } },
  { name: 'Gusto job compensation', model: 'Employment', data: { employeeId: 'd7282d99-ab6b-42f5-ba45-f4a670e886a8', jobTitle: '', isPrimary: true, payRate: { amount: 8000000, currency: 'USD', unit: 'YEAR' }, flsaStatus: 'EXEMPT', effectiveDate: '2025-06-09', startDate: '2024-06-09' } },
  { name: 'Gusto payroll', model: 'PayrollRun', data: { companyId: 'b43e6012-bf6c-4752-b67b-5c8000595e0e', runType: 'REGULAR', status: 'PAID', periodStartDate: '2025-05-20', periodEndDate: '2025-06-04', checkDate: '2025-06-08', processedAt: '2025-06-11T19:40:51Z', approvalDeadline: '2025-06-12T23:00:00Z', paySchedule: 'ded21d08-02d6-41cb-b211-8d8ca02f1c6a' } },
  { name: 'Rippling payroll run', model: 'PayrollRun', data: { name: 'Dec 29th - Jan 12th', runType: 'REGULAR', status: 'PAID', checkDate: '2020-02-12', periodStartDate: '2019-12-29', periodEndDate: '2020-01-12', processedAt: null } },
  { name: 'Paychex processed check', model: 'PayStatement', data: { employeeId: '00H2A1IUJKSLXZ07NHIA', payrollRunId: '970002146440893', checkDate: '2019-05-12', checkNumber: '1', netPay: usd(50665), earnings: [{ name: 'Hourly', type: 'REGULAR', amount: usd(40000), rate: usd(2000), hours: 20 }], deductions: [{ name: 'IRA EE', amount: usd(20000) }], taxes: [{ name: 'Federal Income Tax', employer: false, amount: usd(2833) }] } },
  { name: 'Harvest time entry', model: 'TimeEntry', data: { employeeId: '1782884', date: '2024-01-15', durationSeconds: 12600, description: 'Worked on API integration', billable: true, isBilled: false, isLocked: false, isRunning: false, billableRate: usd(10000), costRate: usd(5000), projectId: '14307913', projectName: 'Online Store - Phase 1', taskId: '8083365', taskName: 'Development', clientId: '5735776', clientName: 'ABC Corp', remoteCreatedAt: '2024-01-15T12:30:00Z' } },
  { name: 'Toggl running entry', model: 'TimeEntry', data: { employeeId: '7654321', companyId: '5000001', startedAt: '2024-03-04T09:00:00+00:00', endedAt: null, durationSeconds: null, isRunning: true, tags: ['dev'] } },
  { name: 'QuickBooks vendor TimeActivity', model: 'TimeEntry', data: { employeeId: null, date: '2025-11-09', durationSeconds: 10800, billableRate: usd(1500), clientName: 'Rondonuwu Fruit and Vegi', taskName: 'Lighting', isBilled: true } },
  { name: 'BambooHR time-off request', model: 'TimeOff', data: { employeeId: '12', status: 'APPROVED', requestType: 'BEREAVEMENT', policyId: '77', policyName: 'Bereavement', startDate: '2026-04-10', endDate: '2026-04-14', amount: 5, units: 'DAYS', approverId: '2385' } },
  { name: 'Clockify time-off request', model: 'TimeOff', data: { employeeId: '5b715612b079875110794444', status: 'PENDING', policyName: 'Days', units: 'DAYS', employeeNote: 'Time Off Request Note', requestedAt: '2022-08-26T08:32:01.640708Z' } },
  { name: 'Checkr report', model: 'BackgroundCheck', data: { candidateId: 'e44aa283528e6fde7d542194', status: 'COMPLETE', result: 'CLEAR', adjudication: null, packageName: 'driver_plus', requestedAt: '2014-01-18T12:34:00Z', completedAt: '2014-01-18T12:35:30Z' } },
  { name: 'Checkr candidate', model: 'Candidate', data: { firstName: 'John', middleName: 'Alfred', lastName: 'Smith', email: 'john.smith@gmail.com', phone: '5555555555', postalCode: '90401', dateOfBirth: '1970-01-22', ssn: 'XXX-XX-4645', driverLicenseNumber: 'F211165', driverLicenseState: 'CA', externalId: null, remoteCreatedAt: '2014-01-18T12:34:00Z' } },
  { name: 'department', model: 'Team', data: { name: 'Engineering', type: 'DEPARTMENT', parentTeamId: null } },
  { name: 'remote work location', model: 'Location', data: { locationType: 'REMOTE' } },
  ...MODEL_NAMES.filter((m) => MODELS[m].required === undefined).map((model) => ({ name: 'empty record', model, data: {} })),
]

describe('validateModel accepts mapped provider records', () => {
  it.each(valid)('$model: $name', ({ model, data }) => {
    expect(validateModel(model, data)).toEqual({ ok: true })
  })

  it.each(MODEL_NAMES)('%s: every optional field may be null', (model) => {
    const schema = MODELS[model] as TSchema
    const required = new Set<string>(schema.required ?? [])
    const data = Object.fromEntries(Object.keys(schema.properties).filter((k) => !required.has(k)).map((k) => [k, null]))
    expect(validateModel(model, { ...data, ...exampleOf(schema, [...required]) })).toEqual({ ok: true })
  })
})

const invalid: Array<{ name: string; model: ModelName; data: unknown; path: string; message: RegExp }> = [
  { name: 'typo in a field name', model: 'Employee', data: { frstName: 'Ada' }, path: '/frstName', message: /not a known field/ },
  { name: 'bad email', model: 'Employee', data: { workEmail: 'ada at acme' }, path: '/workEmail', message: /format "email"/ },
  { name: 'unknown employment status', model: 'Employee', data: { employmentStatus: 'FIRED' }, path: '/employmentStatus', message: /one of ACTIVE, INACTIVE, PENDING, TERMINATED, LEAVE/ },
  { name: 'impossible date', model: 'Employee', data: { hireDate: '2019-02-30' }, path: '/hireDate', message: /format "date"/ },
  { name: 'date-time without a zone', model: 'Employee', data: { remoteCreatedAt: '2024-10-25T17:01:08' }, path: '/remoteCreatedAt', message: /format "date-time"/ },
  { name: 'lowercase currency', model: 'Employee', data: { payRate: { amount: 2000, currency: 'usd', unit: 'HOUR' } }, path: '/payRate/currency', message: /pattern/ },
  { name: 'pay rate in major units', model: 'Employee', data: { payRate: { amount: 20.5, currency: 'USD', unit: 'HOUR' } }, path: '/payRate/amount', message: /integer/ },
  { name: 'unknown pay rate unit', model: 'Employee', data: { payRate: { amount: 2000, currency: 'USD', unit: 'HOURLY' } }, path: '/payRate/unit', message: /one of HOUR/ },
  { name: 'pay rate without unit', model: 'Employee', data: { payRate: { amount: 2000, currency: 'USD' } }, path: '/payRate/unit', message: /required/ },
  { name: 'unknown address part', model: 'Employee', data: { homeAddress: { zip: '07068' } }, path: '/homeAddress/zip', message: /not a known field/ },
  { name: 'custom field holding an object', model: 'Employee', data: { customFields: { badge: { id: 1 } } }, path: '/customFields/badge', message: /must be string or number or boolean or null/ },
  { name: 'not an object', model: 'Employee', data: 'Ada', path: '', message: /must be object/ },
  { name: 'missing employee', model: 'Employment', data: { jobTitle: 'Engineer' }, path: '/employeeId', message: /required/ },
  { name: 'null employee', model: 'Employment', data: { employeeId: null }, path: '/employeeId', message: /must be string/ },
  { name: 'unknown FLSA status', model: 'Employment', data: { employeeId: '1', flsaStatus: 'Exempt' }, path: '/flsaStatus', message: /one of EXEMPT/ },
  { name: 'fractional money', model: 'PayrollRun', data: { grossPay: { amount: 42000.5, currency: 'USD' } }, path: '/grossPay/amount', message: /integer/ },
  { name: 'money as a decimal string', model: 'PayrollRun', data: { netPay: '80000.00' }, path: '/netPay', message: /must be object or null/ },
  { name: 'money without currency', model: 'PayrollRun', data: { netPay: { amount: 100 } }, path: '/netPay/currency', message: /required/ },
  { name: 'provider status word', model: 'PayrollRun', data: { status: 'processed' }, path: '/status', message: /one of DRAFT/ },
  { name: 'two-letter currency in a line', model: 'PayStatement', data: { employeeId: '1', earnings: [{ amount: { amount: 100, currency: 'US' } }] }, path: '/earnings/0/amount/currency', message: /pattern/ },
  { name: 'typo in a line', model: 'PayStatement', data: { employeeId: '1', taxes: [{ name: 'FIT', amount: usd(1), employerPaid: true }] }, path: '/taxes/0/employerPaid', message: /not a known field/ },
  { name: 'negative duration (Toggl running)', model: 'TimeEntry', data: { durationSeconds: -1709542800 }, path: '/durationSeconds', message: />= 0/ },
  { name: 'fractional seconds', model: 'TimeEntry', data: { durationSeconds: 12.5 }, path: '/durationSeconds', message: /integer/ },
  { name: 'boolean as text', model: 'TimeEntry', data: { billable: 'yes' }, path: '/billable', message: /must be boolean or null/ },
  { name: 'US-style date', model: 'TimeOff', data: { startDate: '04/10/2026' }, path: '/startDate', message: /format "date"/ },
  { name: 'lowercase status', model: 'TimeOff', data: { status: 'approved' }, path: '/status', message: /one of PENDING/ },
  { name: 'lowercase result', model: 'BackgroundCheck', data: { result: 'clear' }, path: '/result', message: /one of CLEAR, CONSIDER/ },
  { name: 'bad invitation URL', model: 'BackgroundCheck', data: { invitationUrl: 'not a url' }, path: '/invitationUrl', message: /format "uri"/ },
  { name: 'bad email', model: 'Candidate', data: { email: 'john' }, path: '/email', message: /format "email"/ },
  { name: 'missing name', model: 'Team', data: { type: 'TEAM' }, path: '/name', message: /required/ },
  { name: 'three-letter country', model: 'Location', data: { address: { country: 'USA' } }, path: '/address/country', message: /pattern/ },
  { name: 'month 13', model: 'Company', data: { fiscalYearStartMonth: 13 }, path: '/fiscalYearStartMonth', message: /<= 12/ },
]

describe('validateModel rejects bad records at the right field', () => {
  it.each(invalid)('$model: $name → $path', ({ model, data, path, message }) => {
    const result = validateModel(model, data)
    expect(result.ok).toBe(false)
    const errors = result.ok ? [] : result.errors
    expect(errors.map((e) => e.path)).toEqual([path])
    expect(errors[0].message).toMatch(message)
  })

  it('throws a coded error for a model name that does not exist', () => {
    expect(() => validateModel('Worker' as ModelName, {})).toThrow(expect.objectContaining({ code: 'manifest_invalid', message: expect.stringContaining('Unknown model "Worker"') }))
  })

  it('reports every problem of a record at once', () => {
    const result = validateModel('Employee', { frstName: 'Ada', workEmail: 'x', gender: 'F' })
    expect(result.ok ? [] : result.errors.map((e) => e.path).sort()).toEqual(['/frstName', '/gender', '/workEmail'])
  })
})

describe('record envelope', () => {
  const record: StoredRecord<Employee> = {
    id: 'rec_1', remoteId: '71', connectionId: 'con_1', tenant: 'acme', connector: 'quickbooks', resource: 'employees', model: 'Employee',
    data: { firstName: 'Bill', lastName: 'Miller' }, remoteUpdatedAt: '2015-07-24T09:34:35-07:00',
    firstSeenAt: '2025-01-03T10:00:00Z', modifiedAt: '2025-01-03T10:00:00Z', deletedAt: null, lastAction: 'added', hash: 'abc123',
  }

  it('accepts a stored record, with or without remote data', () => {
    expect(validateRecord(record)).toEqual({ ok: true })
    expect(validateRecord({ ...record, remoteData: { Id: '71', GivenName: 'Bill' } })).toEqual({ ok: true })
    expect(validateRecord({ ...record, remoteUpdatedAt: null, deletedAt: '2025-02-01T00:00:00Z', lastAction: 'deleted' })).toEqual({ ok: true })
  })

  it.each([
    { name: 'unknown model', patch: { model: 'Worker' }, path: '/model' },
    { name: 'unknown action', patch: { lastAction: 'created' }, path: '/lastAction' },
    { name: 'deletedAt left out', patch: { deletedAt: undefined }, path: '/deletedAt' },
    { name: 'extra key', patch: { tenantId: 'acme' }, path: '/tenantId' },
    { name: 'data not an object', patch: { data: 'x' }, path: '/data' },
  ])('rejects $name at $path', ({ patch, path }) => {
    const result = validateRecord(JSON.parse(JSON.stringify({ ...record, ...patch })))
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual([path])
  })
})

/** Every object property reachable in a schema, with the JSON pointer of its definition. */
function properties(schema: TSchema, at: string): Array<{ at: string; prop: TSchema }> {
  const found: Array<{ at: string; prop: TSchema }> = []
  for (const [key, prop] of Object.entries<TSchema>(schema.properties ?? {})) {
    found.push({ at: `${at}/properties/${key}`, prop }, ...properties(prop, `${at}/properties/${key}`))
  }
  for (const [i, member] of (schema.anyOf ?? []).entries()) found.push(...properties(member, `${at}/anyOf/${i}`))
  if (schema.items) found.push(...properties(schema.items, `${at}/items`))
  for (const [k, value] of Object.entries<TSchema>(schema.patternProperties ?? {})) found.push(...properties(value, `${at}/patternProperties/${k}`))
  return found
}

/** A record holding the first example of each listed property. */
const exampleOf = (schema: TSchema, keys: string[]) =>
  Object.fromEntries(keys.map((k) => [k, (schema.properties[k] as { examples: unknown[] }).examples[0]]))

describe('documentation', () => {
  const schemas = Object.entries(modelSchemaFiles()) as Array<[string, TSchema]>
  const checker = addFormats(new Ajv({ strict: true }))

  it.each(schemas)('%s: every property has a description and examples', (_file, schema) => {
    const props = properties(schema, '#')
    expect(props.length).toBeGreaterThan(0)
    const undocumented = props
      .filter(({ prop }) => !(typeof prop.description === 'string' && prop.description.length > 0 && Array.isArray(prop.examples) && prop.examples.length > 0))
      .map(({ at }) => at)
    expect(undocumented).toEqual([])
  })

  it.each(schemas)('%s: every example is valid for its property', (_file, schema) => {
    const wrong: string[] = []
    for (const { at, prop } of properties(schema, '#')) {
      const { examples, ...rest } = prop
      const check = checker.compile(rest)
      for (const example of examples as unknown[]) if (!check(example)) wrong.push(`${at}: ${JSON.stringify(example)}`)
    }
    expect(wrong).toEqual([])
  })

  it.each(MODEL_NAMES)('%s: is a closed object with at most one required field', (model) => {
    const schema = MODELS[model] as TSchema
    expect(schema.additionalProperties).toBe(false)
    expect((schema.required ?? []).length).toBeLessThanOrEqual(1)
  })

  it('the envelope is closed and requires everything but remoteData', () => {
    expect(RecordEnvelope.additionalProperties).toBe(false)
    expect(Object.keys(RecordEnvelope.properties).filter((k) => !(RecordEnvelope.required as string[] | undefined)?.includes(k))).toEqual(['resource', 'remoteData'])
  })
})
