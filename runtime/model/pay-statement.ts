/**
 * @module PayStatement: one person's pay in one payroll run (a pay stub / paycheck), with its line items.
 */
import { Type, type Static } from '@sinclair/typebox'
import { DateOnly, Essential, Field, Flag, Hours, Id, Model, Money, StringEnum, Text } from './common.ts'

export const EARNING_TYPES = ['REGULAR', 'OVERTIME', 'BONUS', 'COMMISSION', 'TIPS', 'REIMBURSEMENT', 'PAID_TIME_OFF', 'SEVERANCE', 'OTHER'] as const
export const PAYMENT_METHODS = ['DIRECT_DEPOSIT', 'CHECK', 'CASH', 'OTHER'] as const

const usd = (amount: number) => ({ amount, currency: 'USD' })
const lineName = (examples: string[]) => Field(Text, 'Name of the line as the provider prints it.', examples)
const lineAmount = (examples: number[]) => Field(Money, 'Amount of the line.', examples.map(usd))
const line = (title: string, description: string, properties: Parameters<typeof Type.Object>[0]) =>
  Type.Object(properties, { title, description, additionalProperties: false })

const Earning = line('Earning', 'One earning line (Paychex `earnings[]`, Justworks `earnings[]`).', {
  name: lineName(['Hourly', 'Regular']),
  type: Field(StringEnum(EARNING_TYPES), 'Normalised kind of earning (Paychex `classificationType`).', ['REGULAR', 'OVERTIME']),
  amount: lineAmount([40000]),
  hours: Field(Hours, 'Hours paid on this line, for hourly earnings.', [20]),
  rate: Field(Money, 'Rate per hour applied on this line.', [usd(2000)]),
})
const Deduction = line('Deduction', 'One deduction withheld from the employee (Paychex `deductions[]`, Justworks `employee_deductions[]`).', {
  name: lineName(['IRA EE', '401(k)']),
  amount: lineAmount([20000]),
  preTax: Field(Flag, 'True when deducted before taxes are computed.', [true]),
})
const Tax = line('Tax', 'One tax line (Paychex `taxes[]`).', {
  name: lineName(['Federal Income Tax']),
  amount: lineAmount([2833]),
  employer: Field(Flag, 'True when the employer pays the tax rather than the employee (Paychex `paidBy`).', [false]),
})
const Contribution = line('EmployerContribution', 'One contribution the employer adds on top of pay (Justworks `employer_contributions[]`).', {
  name: lineName(['401(k) match']),
  amount: lineAmount([10000]),
})

export const PayStatement = Model({ title: 'PayStatement', file: 'pay-statement.json', description: 'One employee’s paycheck in one payroll run: gross and net pay, hours and the earning, deduction, tax and contribution lines.' }, {
  employeeId: Essential(Id, 'remoteId of the Employee paid.', ['00H2A1IUJKSLXZ07NHIA']),
  payrollRunId: Field(Id, 'remoteId of the PayrollRun the statement belongs to (Paychex `payPeriodId`).', ['970002146440893']),
  periodStartDate: Field(DateOnly, 'First day of the pay period.', ['2019-04-28']),
  periodEndDate: Field(DateOnly, 'Last day of the pay period.', ['2019-05-11']),
  checkDate: Field(DateOnly, 'Date the pay is received.', ['2019-05-12']),
  paymentMethod: Field(StringEnum(PAYMENT_METHODS), 'How the pay reached the employee.', ['DIRECT_DEPOSIT', 'CHECK']),
  checkNumber: Field(Text, 'Check or advice number (Paychex `checkNumber`).', ['1']),
  grossPay: Field(Money, 'Pay before taxes and deductions.', [usd(80000)]),
  netPay: Field(Money, 'Pay after taxes and deductions (Paychex `netPay`).', [usd(50665)]),
  totalHours: Field(Hours, 'Hours paid in the period.', [80]),
  earnings: Field(Type.Array(Earning), 'Earning lines.', [[{ name: 'Hourly', type: 'REGULAR', amount: usd(40000), hours: 20, rate: usd(2000) }]]),
  deductions: Field(Type.Array(Deduction), 'Deductions withheld from the employee.', [[{ name: 'IRA EE', amount: usd(20000), preTax: true }]]),
  taxes: Field(Type.Array(Tax), 'Taxes, employee-withheld and employer-paid.', [[{ name: 'Federal Income Tax', amount: usd(2833), employer: false }]]),
  employerContributions: Field(Type.Array(Contribution), 'Employer contributions (benefits, retirement match).', [[{ name: '401(k) match', amount: usd(10000) }]]),
})
export type PayStatement = Static<typeof PayStatement>
