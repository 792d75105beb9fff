/**
 * @module TimeEntry: a span of work time recorded for a person (Harvest, Toggl, Clockify, QuickBooks TimeActivity, Gusto time sheets).
 */
import { Type, type Static } from '@sinclair/typebox'
import { DateOnly, DateTime, Field, Flag, Id, Model, Money, StringEnum, Tags, Text } from './common.ts'

export const TIME_ENTRY_TYPES = ['REGULAR', 'OVERTIME', 'BREAK', 'HOLIDAY', 'OTHER'] as const
export const TIME_APPROVAL_STATUSES = ['DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED'] as const

export const TimeEntry = Model({ title: 'TimeEntry', file: 'time-entry.json', description: 'Time worked by one person: a day and/or start and end, a duration, and what it was spent on.' }, {
  employeeId: Field(Id, 'remoteId of the Employee who worked (Harvest `user.id`, Toggl `user_id`, Clockify `userId`, QuickBooks `EmployeeRef.value`). Null for a vendor’s time.', ['1782884']),
  companyId: Field(Id, 'remoteId of the Company, workspace or account the entry belongs to (Toggl `workspace_id`, Clockify `workspaceId`).', ['5000001']),
  date: Field(DateOnly, 'Day the work counts for (Harvest `spent_date`, QuickBooks `TxnDate`).', ['2024-01-15']),
  startedAt: Field(DateTime, 'When the work started (Toggl `start`, Clockify `timeInterval.start`, Gusto `shift_started_at`).', ['2024-03-04T09:00:00Z']),
  endedAt: Field(DateTime, 'When the work ended; null while a timer runs (Toggl `stop`).', ['2024-03-04T10:30:00Z']),
  durationSeconds: Field(Type.Integer({ minimum: 0 }), 'Length of the work in whole seconds (Harvest `hours` × 3600, Toggl `duration` when not running, QuickBooks `Hours`/`Minutes`/`Seconds`).', [5400, 12600]),
  isRunning: Field(Flag, 'True while a timer is still running (Harvest `is_running`, Toggl negative `duration`).', [false]),
  description: Field(Text, 'What was done (Harvest `notes`, Toggl/Clockify/QuickBooks `description`).', ['Worked on API integration']),
  billable: Field(Flag, 'True when the time can be billed to a client.', [true]),
  isBilled: Field(Flag, 'True once the time has been invoiced (Harvest `is_billed`, QuickBooks `BillableStatus` = HasBeenBilled).', [false]),
  isLocked: Field(Flag, 'True when the entry can no longer be edited (Harvest `is_locked`, Clockify `isLocked`).', [false]),
  entryType: Field(StringEnum(TIME_ENTRY_TYPES), 'Kind of time (Clockify `type`, Gusto `pay_classification`).', ['REGULAR', 'BREAK']),
  approvalStatus: Field(StringEnum(TIME_APPROVAL_STATUSES), 'Approval state of the time (Gusto time sheet `status`, BambooHR `approved`).', ['APPROVED', 'SUBMITTED']),
  billableRate: Field(Money, 'Hourly rate billed for this time (Harvest `billable_rate`, QuickBooks `HourlyRate`, Clockify `hourlyRate`).', [{ amount: 10000, currency: 'USD' }]),
  costRate: Field(Money, 'Hourly cost of this time (Harvest and QuickBooks `cost_rate`/`CostRate`, Clockify `costRate`).', [{ amount: 5000, currency: 'USD' }]),
  projectId: Field(Id, 'Provider id of the project.', ['14307913']),
  projectName: Field(Text, 'Name of the project.', ['Online Store - Phase 1']),
  taskId: Field(Id, 'Provider id of the task (or QuickBooks service item).', ['8083365']),
  taskName: Field(Text, 'Name of the task or service item.', ['Development']),
  clientId: Field(Id, 'Provider id of the client or customer the time is for (QuickBooks `CustomerRef.value`).', ['5735776']),
  clientName: Field(Text, 'Name of the client or customer.', ['ABC Corp']),
  tags: Field(Tags, 'Tags (Toggl `tags`, Clockify `tagIds`).', [['dev']]),
  timezone: Field(Text, 'IANA time zone the entry was recorded in (Gusto `time_zone`).', ['America/Los_Angeles']),
  remoteCreatedAt: Field(DateTime, 'When the provider created the entry.', ['2024-01-15T12:30:00Z']),
})
export type TimeEntry = Static<typeof TimeEntry>
