/**
 * @module Candidate: a person screened by a background-check provider (Checkr candidate, GoodHire candidate).
 */
import { type Static } from '@sinclair/typebox'
import { DateOnly, DateTime, Email, Field, Id, Model, Text } from './common.ts'

export const Candidate = Model({ title: 'Candidate', file: 'candidate.json', description: 'A person a background check is run on, before or after they become an Employee.' }, {
  firstName: Field(Text, 'First (given) name.', ['John']),
  middleName: Field(Text, 'Middle name.', ['Alfred']),
  lastName: Field(Text, 'Last (family) name.', ['Smith']),
  email: Field(Email, 'Email address the invitation goes to.', ['john.smith@example.com']),
  phone: Field(Text, 'Phone number, as given.', ['5555555555']),
  dateOfBirth: Field(DateOnly, 'Date of birth (Checkr `dob`).', ['1970-01-22']),
  ssn: Field(Text, 'Social Security Number as returned, normally masked (Checkr `ssn`).', ['XXX-XX-4645']),
  postalCode: Field(Text, 'Postal or ZIP code of residence (Checkr `zipcode`).', ['90401']),
  driverLicenseNumber: Field(Text, 'Driver licence number, for motor-vehicle checks.', ['F211165']),
  driverLicenseState: Field(Text, 'State or region that issued the licence.', ['CA']),
  externalId: Field(Text, 'The host application’s own id for the person, stored at the provider (Checkr `custom_id`).', ['applicant-8812']),
  employeeId: Field(Id, 'remoteId of the matching Employee, once known.', ['4']),
  remoteCreatedAt: Field(DateTime, 'When the provider created the candidate.', ['2014-01-18T12:34:00Z']),
})
export type Candidate = Static<typeof Candidate>
