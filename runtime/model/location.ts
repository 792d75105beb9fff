/**
 * @module Location: a place people work from (Gusto/Zenefits locations, Paychex locations, Rippling work locations).
 */
import { type Static } from '@sinclair/typebox'
import { Address, Field, Flag, Id, Model, StringEnum, Text } from './common.ts'

export const LOCATION_TYPES = ['OFFICE', 'REMOTE', 'HOME', 'OTHER'] as const

export const Location = Model({ title: 'Location', file: 'location.json', description: 'A work location: an office or site with its address, or a remote arrangement.' }, {
  name: Field(Text, 'Name of the location.', ['Salt Lake City HQ', '1 Branch 1 - north']),
  locationType: Field(StringEnum(LOCATION_TYPES), 'Kind of location (Rippling `location.type` REMOTE).', ['OFFICE', 'REMOTE']),
  address: Field(Address, 'Postal address.', [{ line1: '45 N. Elm Street', city: 'Middlefield', state: 'CA', postalCode: '93242', country: 'US' }]),
  phone: Field(Text, 'Phone number, as given.', ['801-724-6600']),
  timezone: Field(Text, 'IANA time zone of the location.', ['America/Denver']),
  companyId: Field(Id, 'remoteId of the Company the location belongs to.', ['99Z5V9BTI8J2FCGESC05']),
  isActive: Field(Flag, 'False once the location is closed or archived.', [true]),
})
export type Location = Static<typeof Location>
