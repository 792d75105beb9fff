/**
 * @module Company: the employer behind a connection (QuickBooks CompanyInfo, Gusto company, Paychex company…).
 */
import { Type, type Static } from '@sinclair/typebox'
import { Address, CountryCode, DateOnly, Email, Field, Id, Model, StringEnum, Text, Url } from './common.ts'

export const COMPANY_ENTITY_TYPES = ['LLC', 'CORPORATION', 'S_CORPORATION', 'PARTNERSHIP', 'SOLE_PROPRIETORSHIP', 'NON_PROFIT', 'COOPERATIVE', 'OTHER'] as const

export const Company = Model({ title: 'Company', file: 'company.json', description: 'An employer: the legal entity whose people, payrolls and time a connection reads.' }, {
  legalName: Field(Text, 'Registered legal name (QuickBooks `LegalName`, Paychex `legalName`).', ["Larry's Bakery LLC"]),
  displayName: Field(Text, 'Name used day to day (QuickBooks `CompanyName`, Gusto `trade_name` or `name`).', ["Larry's Bakery"]),
  ein: Field(Text, 'Employer identification number / federal tax id, as the provider formats it (QuickBooks `EmployerId`, Gusto `ein`, Paychex `legalId` FEIN).', ['12-3456789', '123456789']),
  entityType: Field(StringEnum(COMPANY_ENTITY_TYPES), 'Legal form of the business (Gusto `entity_type`).', ['LLC', 'S_CORPORATION']),
  displayId: Field(Text, 'Short customer-facing number the provider shows for the company (Paychex `displayId`).', ['09620579']),
  country: Field(CountryCode, 'ISO-3166-1 alpha-2 country of registration.', ['US']),
  address: Field(Address, 'Main business address.', [{ line1: 'Mike St', city: 'Anaheim', state: 'CA', postalCode: '92802', country: 'US' }]),
  primaryEmail: Field(Email, 'Main contact email address.', ['payroll@bakery.example']),
  primaryPhone: Field(Text, 'Main phone number, as given.', ['+1 415 555 0100']),
  websiteUrl: Field(Url, 'Public website.', ['https://bakery.example']),
  logoUrl: Field(Url, 'Logo image URL (Zenefits `logo_url`).', ['https://cdn.example/logo.png']),
  startDate: Field(DateOnly, 'Date the company started business (QuickBooks `CompanyStartDate`).', ['2015-06-05']),
  fiscalYearStartMonth: Field(Type.Integer({ minimum: 1, maximum: 12 }), 'First month of the fiscal year, 1 = January (QuickBooks `FiscalYearStartMonth`).', [1, 7]),
  isActive: Field(Type.Boolean(), 'False when the provider marks the company suspended or closed (Gusto `is_suspended`).', [true]),
  parentCompanyId: Field(Id, 'remoteId of the parent Company when the provider nests entities (Rippling legal entities, Checkr nodes).', ['5df911a0-7b2e-4f5d-9b1d-1f7a9f2b3c4d']),
})
export type Company = Static<typeof Company>
