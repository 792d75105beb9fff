/**
 * @module BackgroundCheck: one screening ordered for a candidate (Checkr report, GoodHire report).
 */
import { type Static } from '@sinclair/typebox'
import { DateTime, Field, Id, Model, StringEnum, Text, Url } from './common.ts'

export const BACKGROUND_CHECK_STATUSES = ['PENDING', 'IN_PROGRESS', 'SUSPENDED', 'DISPUTE', 'COMPLETE', 'CANCELED', 'EXPIRED'] as const
export const BACKGROUND_CHECK_RESULTS = ['CLEAR', 'CONSIDER', 'OTHER'] as const
export const ADJUDICATIONS = ['ENGAGED', 'PRE_ADVERSE_ACTION', 'POST_ADVERSE_ACTION'] as const

export const BackgroundCheck = Model({ title: 'BackgroundCheck', file: 'background-check.json', description: 'A background check (screening report) ordered for a Candidate: its package, progress, result and the employer’s decision.' }, {
  candidateId: Field(Id, 'remoteId of the Candidate screened (Checkr `candidate_id`).', ['e44aa283528e6fde7d542194']),
  employeeId: Field(Id, 'remoteId of the Employee, once the candidate is hired and linked.', ['4']),
  packageName: Field(Text, 'Screening package ordered (Checkr `package`, GoodHire `Offer.Products`).', ['driver_plus', 'RPT_BASIC']),
  status: Field(StringEnum(BACKGROUND_CHECK_STATUSES), 'Progress: PENDING (invited, not started), IN_PROGRESS, SUSPENDED (needs candidate input), DISPUTE, COMPLETE, CANCELED, EXPIRED (invitation lapsed). Checkr `status` pending maps to IN_PROGRESS, paused to SUSPENDED.', ['COMPLETE', 'IN_PROGRESS']),
  result: Field(StringEnum(BACKGROUND_CHECK_RESULTS), 'Outcome once complete: CLEAR, or CONSIDER when something needs review (Checkr `result`); null while running.', ['CLEAR', 'CONSIDER']),
  adjudication: Field(StringEnum(ADJUDICATIONS), 'Employer’s decision on a CONSIDER result (Checkr `adjudication`).', ['ENGAGED']),
  invitationUrl: Field(Url, 'Link the candidate follows to give consent and details (Checkr `invitation_url`).', ['https://checkr.com/invitations/2c8447d8c35761ad8f70d9d3']),
  reportUrl: Field(Url, 'Link to the report in the provider’s dashboard.', ['https://dashboard.checkr.com/reports/4722c07dd9a10c3985ae432a']),
  requestedAt: Field(DateTime, 'When the check was ordered (Checkr `created_at`).', ['2014-01-18T12:34:00Z']),
  completedAt: Field(DateTime, 'When the report completed (Checkr `completed_at`).', ['2014-01-18T12:35:30Z']),
  expiresAt: Field(DateTime, 'When an unanswered invitation lapses (Checkr invitation `expires_at`).', ['2015-05-21T17:45:34Z']),
})
export type BackgroundCheck = Static<typeof BackgroundCheck>
