/**
 * @module Employee: one person who works for the company, with their current job summarised.
 */
import { Type, type Static } from '@sinclair/typebox'
import {
  Address, CustomFields, DateOnly, DateTime, EMPLOYMENT_STATUSES, EMPLOYMENT_TYPES, Email, Field, GENDERS, Hours, Id,
  Model, Money, PAY_FREQUENCIES, PayRate, StringEnum, Tags, Text, Url,
} from './common.ts'

export const Employee = Model({ title: 'Employee', file: 'employee.json', description: 'A person employed (or contracted) by the company. Job history and compensation history live in Employment records.' }, {
  employeeNumber: Field(Text, 'Company-assigned employee number or code (QuickBooks `EmployeeNumber`, Gusto `employee_code`, Paychex `employeeId`, Justworks `work_id`).', ['1042', 'E-0042']),
  companyId: Field(Id, 'remoteId of the Company (or time-tracking workspace/account) the person belongs to.', ['e904cc79-818a-4da8-9d37-0be0a86fdda8']),
  firstName: Field(Text, 'Legal first (given) name.', ['Charlotte']),
  middleName: Field(Text, 'Middle name or initial.', ['Alfred', 'Q']),
  lastName: Field(Text, 'Legal last (family) name.', ['Abbott']),
  preferredName: Field(Text, 'Name the person goes by, when different from the legal first name.', ['Charlie']),
  displayName: Field(Text, 'Full name as the provider displays it (QuickBooks `DisplayName`, BambooHR `displayName`).', ['Charlotte Abbott']),
  workEmail: Field(Email, 'Work email address.', ['cabbott@efficientoffice.example']),
  personalEmail: Field(Email, 'Personal email address.', ['charlotte@example.com']),
  workPhone: Field(Text, 'Work phone number, as given (extensions included).', ['801-724-6600 x1272']),
  mobilePhone: Field(Text, 'Mobile phone number, as given.', ['801-724-6601']),
  personalPhone: Field(Text, 'Personal or home phone number, as given.', ['801-555-0199']),
  jobTitle: Field(Text, 'Current job title (BambooHR `jobTitle`, QuickBooks `Title`, Gusto primary job `title`).', ['Sr. HR Administrator']),
  department: Field(Text, 'Department name, when the provider gives only a name (BambooHR `department`).', ['Human Resources']),
  teamIds: Field(Type.Array(Id), 'remoteIds of the Teams (departments, groups) the person belongs to.', [['dept_42', 'team_7']]),
  managerId: Field(Id, 'remoteId of the manager’s Employee record.', ['5d3777868a9f4e2b5e467fc9']),
  managerName: Field(Text, 'Manager’s name when the provider gives no id (BambooHR `supervisor`).', ['Jennifer Caldwell']),
  workLocationId: Field(Id, 'remoteId of the Location the person works at.', ['970003436212414']),
  workLocationName: Field(Text, 'Work location name when the provider gives no id (BambooHR `location`).', ['Salt Lake City, Utah']),
  homeAddress: Field(Address, 'Home address (QuickBooks `PrimaryAddr`, ADP `legalAddress`).', [{ line1: '1 Main St', city: 'Roseland', state: 'NJ', postalCode: '07068', country: 'US' }]),
  dateOfBirth: Field(DateOnly, 'Date of birth.', ['1990-08-03']),
  gender: Field(StringEnum(GENDERS), 'Gender as recorded by the employer.', ['FEMALE', 'NOT_SPECIFIED']),
  ssn: Field(Text, 'US Social Security Number exactly as the provider returns it; most return it masked, and Maestro never unmasks it.', ['XXX-XX-4645']),
  employmentStatus: Field(StringEnum(EMPLOYMENT_STATUSES), 'Where the person stands: ACTIVE, INACTIVE (deactivated), PENDING (hired, not started or onboarding), TERMINATED, LEAVE.', ['ACTIVE', 'TERMINATED']),
  employmentType: Field(StringEnum(EMPLOYMENT_TYPES), 'Kind of engagement (Gusto `current_employment_status`, Paychex `employmentType`, Harvest `is_contractor`).', ['FULL_TIME', 'CONTRACTOR']),
  hireDate: Field(DateOnly, 'Original hire date (QuickBooks `HiredDate`, ADP `originalHireDate`).', ['2019-09-03']),
  startDate: Field(DateOnly, 'Start date of the current employment, when it differs from the hire date (rehires).', ['2024-08-01']),
  terminationDate: Field(DateOnly, 'Last day of employment (QuickBooks `ReleasedDate`, Rippling `endDate`).', ['2025-01-31']),
  payRate: Field(PayRate, 'Current base pay rate; history lives in Employment records.', [{ amount: 8000000, currency: 'USD', unit: 'YEAR' }]),
  payFrequency: Field(StringEnum(PAY_FREQUENCIES), 'How often the person is paid.', ['BIWEEKLY', 'SEMIMONTHLY']),
  hourlyBillRate: Field(Money, 'Default hourly rate billed to clients for this person’s time (Harvest `default_hourly_rate`, QuickBooks `BillRate`, Clockify `hourlyRate`).', [{ amount: 10000, currency: 'USD' }]),
  hourlyCostRate: Field(Money, 'Hourly cost of this person’s time to the company (Harvest `cost_rate`, QuickBooks `CostRate`, Clockify `costRate`).', [{ amount: 5000, currency: 'USD' }]),
  weeklyHours: Field(Hours, 'Contracted or expected hours per week (Harvest `weekly_capacity` / 3600).', [40, 35]),
  timezone: Field(Text, 'Time zone, preferably an IANA name (Clockify `settings.timeZone`, Harvest `timezone`).', ['America/Denver']),
  avatarUrl: Field(Url, 'Photo or avatar URL (BambooHR `photoUrl`, Harvest `avatar_url`).', ['https://images.example/photos/4.jpg']),
  roles: Field(Tags, 'Access roles the provider grants the person (Harvest `access_roles`, Toggl `role`).', [['member'], ['admin']]),
  remoteCreatedAt: Field(DateTime, 'When the provider created the record.', ['2024-10-25T17:01:08Z']),
  customFields: Field(CustomFields, 'Provider custom fields by name, scalar values only.', [{ 'EEO classification': 'Professionals', TIN: '20231211-12345' }]),
})
export type Employee = Static<typeof Employee>
