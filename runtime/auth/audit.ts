/**
 * @module The auth module's trail: audit entries and connection events, written the same way everywhere.
 */
import { randomUUID } from 'node:crypto'
import type { AuditEntry, Connection } from '../store/types.ts'
import type { AuthDeps } from './types.ts'

/** Append one audit entry about a connection; details must hold no secret. */
export async function auditConnection(
  deps: Pick<AuthDeps, 'store' | 'now'>,
  connection: Pick<Connection, 'id' | 'tenant' | 'connector'>,
  action: string,
  outcome: AuditEntry['outcome'],
  details: Record<string, unknown> = {},
): Promise<void> {
  await deps.store.appendAudit({
    id: `aud_${randomUUID()}`,
    at: (deps.now?.() ?? new Date()).toISOString(),
    actor: 'system',
    tenant: connection.tenant,
    action,
    target: connection.id,
    outcome,
    details: { connector: connection.connector, ...details },
  })
}
