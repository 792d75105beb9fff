/**
 * @module Employment: one job (position and compensation) an employee holds or held, with its effective dates.
 */
import { type Static } from '@sinclair/typebox'
import {
  DateOnly, EMPLOYMENT_STATUSES, EMPLOYMENT_TYPES, Essential, FLSA_STATUSES, Field, Flag, Hours, Id, Model,
  PAY_FREQUENCIES, PayRate, StringEnum, Text,
} from './common.ts'

export const Employment = Model({ title: 'Employment', file: 'employment.json', description: 'A job and its compensation for one employee from an effective date (Gusto job compensations, ADP work assignments, Zenefits employments).' }, {
  employeeId: Essential(Id, 'remoteId of the Employee holding this job.', ['d7282d99-ab6b-42f5-ba45-f4a670e886a8']),
  jobTitle: Field(Text, 'Title of the position.', ['Software Engineer']),
  isPrimary: Field(Flag, 'True for the employee’s main job when they hold several (Gusto `primary`, ADP `primaryIndicator`).', [true]),
  employmentType: Field(StringEnum(EMPLOYMENT_TYPES), 'Kind of engagement for this job.', ['FULL_TIME']),
  employmentStatus: Field(StringEnum(EMPLOYMENT_STATUSES), 'Status of this job (ADP `assignmentStatus`).', ['ACTIVE']),
  payRate: Field(PayRate, 'Pay rate for this job from the effective date (Gusto `rate` + `payment_unit`, Zenefits `pay_rate`).', [{ amount: 8000000, currency: 'USD', unit: 'YEAR' }, { amount: 2000, currency: 'USD', unit: 'HOUR' }]),
  payFrequency: Field(StringEnum(PAY_FREQUENCIES), 'Pay cycle of this job (ADP `payCycleCode`).', ['BIWEEKLY']),
  flsaStatus: Field(StringEnum(FLSA_STATUSES), 'US Fair Labor Standards Act overtime classification (Gusto `flsa_status`, Paychex `exemptionType`).', ['EXEMPT', 'NON_EXEMPT']),
  weeklyHours: Field(Hours, 'Standard hours per week for this job (Zenefits `working_hours_per_week`).', [40]),
  effectiveDate: Field(DateOnly, 'Date from which this job and pay apply (Gusto compensation `effective_date`).', ['2025-06-09']),
  startDate: Field(DateOnly, 'First day in this job (Gusto job `hire_date`, ADP assignment `hireDate`).', ['2024-06-09']),
  endDate: Field(DateOnly, 'Last day in this job, when it ended.', ['2025-12-31']),
  terminationReason: Field(Text, 'Why the job ended, as the provider words it (Zenefits `termination_type`).', ['Voluntary']),
  workLocationId: Field(Id, 'remoteId of the Location for this job.', ['970003436212414']),
  teamId: Field(Id, 'remoteId of the Team (department) for this job.', ['6691e1f0a0b1c2d3e4f50655']),
})
export type Employment = Static<typeof Employment>
