/**
 * @module The auth applier contract: one plain function per auth kind.
 */
import type { AuthSpec } from '../../manifest/schema/index.ts'
import type { OutgoingRequest, RequestContext } from '../../http/types.ts'

/** Puts credentials on a request. Appliers record every secret they write in `req.secrets`. */
export type ApplyAuth = (req: OutgoingRequest, ctx: RequestContext) => void | Promise<void>

/** Builds the applier for one manifest `auth` block (templates compiled once). */
export type AuthFactory<K extends AuthSpec['type'] = AuthSpec['type']> = (spec: Extract<AuthSpec, { type: K }>) => ApplyAuth
