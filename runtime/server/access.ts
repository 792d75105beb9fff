/**
 * @module Tenant isolation and the audit trail of admin actions: who may touch what, and a record of it.
 */
import { randomUUID } from 'node:crypto'
import type { Context } from 'hono'
import { MaestroError } from '../errors.ts'
import type { AuditEntry, Connection } from '../store/types.ts'
import type { AppDeps, Principal, ServerEnv } from './deps.ts'

type Ctx = Context<ServerEnv>

/** How a principal is named in the audit log. */
export const actorOf = (p: Principal): string => (p.kind === 'operator' ? 'operator' : `tenant:${p.tenant}`)

/** Append one audit entry for the calling principal. Details must never hold a secret. */
export async function audit(deps: AppDeps, c: Ctx, entry: Pick<AuditEntry, 'action' | 'outcome'> & Partial<Pick<AuditEntry, 'actor' | 'tenant' | 'target' | 'details'>>): Promise<void> {
  const principal = c.get('principal') as Principal | undefined
  await deps.store.appendAudit({
    id: `aud_${randomUUID()}`,
    at: (deps.clock ?? (() => new Date()))().toISOString(),
    actor: entry.actor ?? (principal ? actorOf(principal) : 'anonymous'),
    tenant: entry.tenant ?? (principal?.kind === 'tenant' ? principal.tenant : null),
    action: entry.action,
    target: entry.target ?? null,
    outcome: entry.outcome,
    ...(entry.details ? { details: entry.details } : {}),
  })
}

/** Record the refusal, then return the `forbidden` error to throw. */
async function deny(deps: AppDeps, c: Ctx, target: string): Promise<MaestroError> {
  await audit(deps, c, { action: 'access.denied', outcome: 'denied', target, details: { method: c.req.method, path: c.req.path } })
  return new MaestroError('forbidden', 'This token may not access that resource.')
}

/** Refuse anyone but the operator. */
export async function requireOperator(deps: AppDeps, c: Ctx, target: string): Promise<void> {
  if (c.get('principal').kind !== 'operator') {
    await deny(deps, c, target)
    throw new MaestroError('forbidden', 'Only the operator token may do this.', { hint: 'Use MAESTRO_ADMIN_TOKEN.' })
  }
}

/** Refuse a tenant token acting on another tenant's object. */
export async function requireTenant(deps: AppDeps, c: Ctx, tenant: string, target: string): Promise<void> {
  const p = c.get('principal')
  if (p.kind === 'tenant' && p.tenant !== tenant) throw await deny(deps, c, target)
}

/**
 * The tenant a list is restricted to: the token's own for a tenant token (asking for another one is
 * refused), whatever was asked for by the operator.
 */
export async function tenantScope(deps: AppDeps, c: Ctx, requested: string | undefined): Promise<string | undefined> {
  const p = c.get('principal')
  if (p.kind === 'operator') return requested
  if (requested !== undefined && requested !== p.tenant) throw await deny(deps, c, `tenant:${requested}`)
  return p.tenant
}

/** Load a connection the caller may touch, or throw `connection_not_found` / `forbidden`. */
export async function loadConnection(deps: AppDeps, c: Ctx, id: string): Promise<Connection> {
  const connection = await deps.store.getConnection(id)
  if (!connection) throw new MaestroError('connection_not_found', `No connection ${id}.`)
  await requireTenant(deps, c, connection.tenant, id)
  return connection
}
