/**
 * @module TimeOff: a request for leave (BambooHR time-off requests, Gusto time-off requests, Rippling leave requests, Clockify time off).
 */
import { Type, type Static } from '@sinclair/typebox'
import { DateOnly, DateTime, Field, Id, Model, StringEnum, Text } from './common.ts'

export const TIME_OFF_STATUSES = ['PENDING', 'APPROVED', 'DECLINED', 'CANCELED', 'DELETED'] as const
export const TIME_OFF_TYPES = ['VACATION', 'SICK', 'PERSONAL', 'BEREAVEMENT', 'JURY_DUTY', 'VOLUNTEER', 'PARENTAL', 'HOLIDAY', 'UNPAID', 'OTHER'] as const
export const TIME_OFF_UNITS = ['HOURS', 'DAYS'] as const

export const TimeOff = Model({ title: 'TimeOff', file: 'time-off.json', description: 'A leave request for one employee: the days asked for, how much time that is, and its approval state.' }, {
  employeeId: Field(Id, 'remoteId of the Employee taking the time off (BambooHR `employeeId`, Clockify `userId`, Rippling `role`).', ['12']),
  approverId: Field(Id, 'remoteId of the Employee who approved or declined it (Rippling `processedBy`, BambooHR `status.lastChangedByUserId`).', ['2385']),
  status: Field(StringEnum(TIME_OFF_STATUSES), 'Approval state (BambooHR `status.status`, Clockify `status.statusType`, Rippling `status`).', ['APPROVED', 'PENDING']),
  requestType: Field(StringEnum(TIME_OFF_TYPES), 'Normalised kind of leave (Gusto `request_type`, Rippling `leaveType`).', ['VACATION', 'BEREAVEMENT']),
  policyId: Field(Id, 'Provider id of the time-off policy or type (BambooHR `type.id`, Clockify `policyId`).', ['77']),
  policyName: Field(Text, 'Name of the policy or type as the company calls it (BambooHR `type.name`, Rippling `policyDisplayName`).', ['Bereavement']),
  startDate: Field(DateOnly, 'First day off.', ['2026-04-10']),
  endDate: Field(DateOnly, 'Last day off (inclusive).', ['2026-04-14']),
  amount: Field(Type.Number({ minimum: 0 }), 'How much time is taken, in `units` (BambooHR `amount.amount`, Rippling `numHours`).', [5, 20]),
  units: Field(StringEnum(TIME_OFF_UNITS), 'Unit of `amount`.', ['DAYS', 'HOURS']),
  employeeNote: Field(Text, 'Reason or note from the employee (Gusto `employee_note`, Rippling `reasonForLeave`).', ['Vacation at Disney World!']),
  approverNote: Field(Text, 'Note from the approver, e.g. why it was declined (Zenefits `deny_reason`, Clockify `status.note`).', ['Team offsite that week']),
  requestedAt: Field(DateTime, 'When the request was made (Clockify `createdAt`, Rippling `createdAt`).', ['2022-08-26T08:32:01Z']),
  reviewedAt: Field(DateTime, 'When it was approved or declined (Rippling `processedAt`, Clockify `status.changedAt`).', ['2018-08-13T22:06:51Z']),
})
export type TimeOff = Static<typeof TimeOff>
