/**
 * @module Building blocks shared by every canonical model: documented fields, Money, pay rates,
 * addresses and the enums several models use.
 */
import { CloneType, Type, type Static, type TObject, type TProperties, type TSchema } from '@sinclair/typebox'

/** Base URL of every published model schema (`$id` = base + file name). */
export const SCHEMA_BASE = 'https://maestro.dev/schemas/model/'

/** `T` or `null`: providers send null for "unknown" as often as they omit the key. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

/**
 * The usual model property: optional, nullable, documented. Examples are type-checked against the schema.
 * @example
 * const workEmail = Field(Email, 'Work email address.', ['ada@acme.example'])
 */
export const Field = <T extends TSchema>(schema: T, description: string, examples: Array<Static<T>>) =>
  Type.Optional(Type.Union([schema, Type.Null()], { description, examples }))

/** A required, non-null property — kept for the few fields a record is meaningless without. */
export const Essential = <T extends TSchema>(schema: T, description: string, examples: Array<Static<T>>) =>
  CloneType(schema, { description, examples })

/** A string enum published as `{ type: "string", enum: [...] }` (not TypeBox's anyOf of consts). */
export const StringEnum = <const V extends readonly string[]>(values: V) =>
  Type.Unsafe<V[number]>({ type: 'string', enum: [...values] })

// Primitive shapes, undocumented on purpose: the property that uses one carries the text.
export const Id = Type.String({ minLength: 1 })
export const Text = Type.String()
export const Email = Type.String({ format: 'email' })
export const Url = Type.String({ format: 'uri' })
export const DateOnly = Type.String({ format: 'date' })
export const DateTime = Type.String({ format: 'date-time' })
export const CountryCode = Type.String({ pattern: '^[A-Z]{2}$' })
export const Hours = Type.Number({ minimum: 0 })
export const Flag = Type.Boolean()
export const Tags = Type.Array(Type.String())

/** ISO-4217 alphabetic code, uppercase. */
export const Currency = Type.String({ pattern: '^[A-Z]{3}$' })

const amount = Essential(Type.Integer(), 'Amount in minor units of the currency (cents for USD): 1234.56 USD is 123456.', [123456, 0, -2500])
const currency = Essential(Currency, 'ISO-4217 currency code, three uppercase letters.', ['USD', 'EUR', 'GBP'])

/** An amount of money: integer minor units plus its currency, never a float of major units. */
export const Money = Type.Object({ amount, currency }, {
  title: 'Money', additionalProperties: false,
  description: 'An amount of money in minor units with its ISO-4217 currency.',
})
export type Money = Static<typeof Money>

export const PAY_RATE_UNITS = ['HOUR', 'DAY', 'WEEK', 'TWO_WEEKS', 'HALF_MONTH', 'MONTH', 'QUARTER', 'YEAR', 'PAYCHECK', 'FIXED'] as const

/** A rate of pay: money per unit of time (or per paycheck). */
export const PayRate = Type.Object({
  amount, currency,
  unit: Essential(StringEnum(PAY_RATE_UNITS), 'What the amount pays for: one hour, one year, one paycheck… (Gusto `payment_unit`, Finch `income.unit`).', ['YEAR', 'HOUR', 'PAYCHECK']),
}, { title: 'PayRate', additionalProperties: false, description: 'A rate of pay in minor units per unit of time.' })
export type PayRate = Static<typeof PayRate>

/** A postal address; every part optional because providers rarely send all of them. */
export const Address = Type.Object({
  line1: Field(Text, 'First street line.', ['45 N. Elm Street']),
  line2: Field(Text, 'Second street line (suite, floor).', ['Suite 200']),
  city: Field(Text, 'City or locality.', ['Middlefield']),
  state: Field(Text, 'State, province or region, as a code where the provider gives one (QuickBooks `CountrySubDivisionCode`).', ['CA', 'NJ']),
  postalCode: Field(Text, 'Postal or ZIP code, kept as text (leading zeros matter).', ['93242', '07068']),
  country: Field(CountryCode, 'ISO-3166-1 alpha-2 country code.', ['US', 'GB']),
}, { title: 'Address', additionalProperties: false, description: 'A postal address.' })
export type Address = Static<typeof Address>

/** Provider custom fields, flattened to scalar values keyed by the provider's field name. */
export const CustomFields = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]))

export const EMPLOYMENT_STATUSES = ['ACTIVE', 'INACTIVE', 'PENDING', 'TERMINATED', 'LEAVE'] as const
export const EMPLOYMENT_TYPES = ['FULL_TIME', 'PART_TIME', 'CONTRACTOR', 'INTERN', 'TEMPORARY', 'SEASONAL', 'FREELANCE', 'OTHER'] as const
export const PAY_FREQUENCIES = ['DAILY', 'WEEKLY', 'BIWEEKLY', 'SEMIMONTHLY', 'MONTHLY', 'QUARTERLY', 'SEMIANNUALLY', 'ANNUALLY'] as const
export const FLSA_STATUSES = ['EXEMPT', 'NON_EXEMPT', 'SALARIED_NON_EXEMPT', 'OWNER'] as const
export const GENDERS = ['MALE', 'FEMALE', 'NON_BINARY', 'OTHER', 'NOT_SPECIFIED'] as const

/** Metadata every model schema carries; `$id` is derived from the published file name. */
export interface ModelInfo {
  title: string
  file: string
  description: string
}

/**
 * A canonical model: a closed object (`additionalProperties: false`) so a typo in a mapping fails validation.
 * @example
 * const Thing = Model({ title: 'Thing', file: 'thing.json', description: 'A thing.' }, { name: Field(Text, 'Name.', ['x']) })
 */
export const Model = <P extends TProperties>(info: ModelInfo, properties: P): TObject<P> =>
  Type.Object(properties, {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_BASE + info.file,
    title: info.title,
    description: info.description,
    additionalProperties: false,
  })
