/**
 * @module PayrollRun: one pay run of the company for a pay period (Gusto payroll, Rippling payroll run, Paychex pay period).
 */
import { Type, type Static } from '@sinclair/typebox'
import { DateOnly, DateTime, Field, Id, Model, Money, StringEnum, Text } from './common.ts'

export const PAYROLL_RUN_TYPES = ['REGULAR', 'OFF_CYCLE', 'CORRECTION', 'TERMINATION', 'SIGN_ON_BONUS', 'EXTERNAL', 'OTHER'] as const
export const PAYROLL_RUN_STATUSES = ['DRAFT', 'APPROVED', 'PROCESSING', 'PAID', 'FAILED', 'CANCELED', 'REVERSED', 'CLOSED'] as const

const usd = (amount: number) => ({ amount, currency: 'USD' })

export const PayrollRun = Model({ title: 'PayrollRun', file: 'payroll-run.json', description: 'A pay run: the pay period it covers, its check date, state and company-level totals. Per-person results are PayStatements.' }, {
  companyId: Field(Id, 'remoteId of the Company that ran the payroll.', ['b43e6012-bf6c-4752-b67b-5c8000595e0e']),
  name: Field(Text, 'Label the provider shows for the run (Rippling `name`, Paychex `description`).', ['Dec 29th - Jan 12th']),
  runType: Field(StringEnum(PAYROLL_RUN_TYPES), 'Kind of run (Gusto `off_cycle`/`external`, Rippling `runType`).', ['REGULAR', 'OFF_CYCLE']),
  status: Field(StringEnum(PAYROLL_RUN_STATUSES), 'State of the run: DRAFT (unprocessed), APPROVED, PROCESSING, PAID, FAILED, CANCELED, REVERSED, CLOSED (Gusto `processed`, Rippling `runState`, Paychex `status`).', ['PAID', 'DRAFT']),
  periodStartDate: Field(DateOnly, 'First day of the pay period.', ['2025-05-20']),
  periodEndDate: Field(DateOnly, 'Last day of the pay period.', ['2025-06-04']),
  checkDate: Field(DateOnly, 'Date employees are paid (Gusto `check_date`, Rippling `checkDate`, Justworks `pay_date`).', ['2025-06-08']),
  debitDate: Field(DateOnly, 'Date the company account is debited (Justworks `debit_date`).', ['2025-06-06']),
  approvalDeadline: Field(DateTime, 'Last moment to approve the run for an on-time check date (Gusto `payroll_deadline`, Paychex `submitByDate`).', ['2025-06-12T23:00:00Z']),
  processedAt: Field(DateTime, 'When the run was submitted or calculated (Gusto `calculated_at`, Rippling `approvedAt`).', ['2025-06-11T19:40:51Z']),
  paySchedule: Field(Text, 'Pay schedule the run belongs to, id or name (Gusto `pay_period.pay_schedule_uuid`).', ['ded21d08-02d6-41cb-b211-8d8ca02f1c6a']),
  grossPay: Field(Money, 'Total gross pay of all statements.', [usd(4200000)]),
  netPay: Field(Money, 'Total net pay of all statements.', [usd(3150000)]),
  employeeTaxes: Field(Money, 'Total taxes withheld from employees.', [usd(650000)]),
  employerTaxes: Field(Money, 'Total employer-paid taxes.', [usd(321300)]),
  totalDebit: Field(Money, 'Total amount debited from the company (Justworks `company_debit`).', [usd(4521300)]),
  statementCount: Field(Type.Integer({ minimum: 0 }), 'Number of pay statements (checks) in the run (Paychex `checkCount`).', [12]),
})
export type PayrollRun = Static<typeof PayrollRun>
