/**
 * @module Model name → schema, and the JSON files published under schemas/model/.
 */
import type { TSchema } from '@sinclair/typebox'
import { BackgroundCheck } from './background-check.ts'
import { Candidate } from './candidate.ts'
import { Company } from './company.ts'
import { Employee } from './employee.ts'
import { Employment } from './employment.ts'
import { Location } from './location.ts'
import type { ModelName } from './names.ts'
import { PayStatement } from './pay-statement.ts'
import { PayrollRun } from './payroll-run.ts'
import { RecordEnvelope } from './record.ts'
import { Team } from './team.ts'
import { TimeEntry } from './time-entry.ts'
import { TimeOff } from './time-off.ts'
import { SCHEMA_BASE } from './common.ts'

/** Every canonical model's schema, by name. */
export const MODELS = {
  Company, Employee, Employment, PayrollRun, PayStatement, TimeEntry, TimeOff, BackgroundCheck, Candidate, Team, Location,
} as const satisfies Record<ModelName, TSchema>

/** Plain JSON (TypeBox's symbol keys dropped) of a schema. */
const plain = (schema: TSchema): object => JSON.parse(JSON.stringify(schema))

/** Repository-relative path a schema is published at, derived from its `$id`. */
const fileOf = (schema: TSchema): string => `schemas/model/${String(schema.$id).slice(SCHEMA_BASE.length)}`

/**
 * The model JSON Schemas to publish: relative path → plain JSON, the record envelope included.
 * @example
 * modelSchemaFiles()['schemas/model/employee.json'] // { $id: 'https://maestro.dev/schemas/model/employee.json', … }
 */
export function modelSchemaFiles(): Record<string, object> {
  const schemas: TSchema[] = [...Object.values(MODELS), RecordEnvelope]
  return Object.fromEntries(schemas.map((s) => [fileOf(s), plain(s)]))
}
