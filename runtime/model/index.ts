/**
 * @module Maestro's canonical HR model: TypeBox schemas (the single source of the published JSON
 * Schemas under schemas/model/), their TypeScript types, and validation of mapped records.
 */
export { MODEL_NAMES, isModelName, type ModelName } from './names.ts'
export { MODELS, modelSchemaFiles } from './registry.ts'
export { RecordEnvelope, RECORD_ACTIONS, type StoredRecord } from './record.ts'
export { validateModel, validateRecord, type FieldError, type ValidationResult } from './validate.ts'
export {
  Address, Money, PayRate, SCHEMA_BASE, EMPLOYMENT_STATUSES, EMPLOYMENT_TYPES, FLSA_STATUSES, GENDERS,
  PAY_FREQUENCIES, PAY_RATE_UNITS,
} from './common.ts'
export { Company, COMPANY_ENTITY_TYPES } from './company.ts'
export { Employee } from './employee.ts'
export { Employment } from './employment.ts'
export { PayrollRun, PAYROLL_RUN_STATUSES, PAYROLL_RUN_TYPES } from './payroll-run.ts'
export { PayStatement, EARNING_TYPES, PAYMENT_METHODS } from './pay-statement.ts'
export { TimeEntry, TIME_APPROVAL_STATUSES, TIME_ENTRY_TYPES } from './time-entry.ts'
export { TimeOff, TIME_OFF_STATUSES, TIME_OFF_TYPES, TIME_OFF_UNITS } from './time-off.ts'
export { BackgroundCheck, ADJUDICATIONS, BACKGROUND_CHECK_RESULTS, BACKGROUND_CHECK_STATUSES } from './background-check.ts'
export { Candidate } from './candidate.ts'
export { Team, TEAM_TYPES } from './team.ts'
export { Location, LOCATION_TYPES } from './location.ts'
