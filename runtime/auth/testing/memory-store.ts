/**
 * @module A tiny in-memory slice of the Store contract for the auth module's unit tests: connections
 * (serialized read-modify-write), audit and single-use OAuth states.
 */
import { MaestroError } from '../../errors.ts'
import type { AuditEntry, Connection, OAuthState } from '../../store/types.ts'
import type { AuthStore } from '../types.ts'

/** In-memory store for tests; `audit` exposes what was appended. */
export function createMemoryStore(): AuthStore & { audit: AuditEntry[]; states: Map<string, OAuthState> } {
  const connections = new Map<string, Connection>()
  const states = new Map<string, OAuthState>()
  const audit: AuditEntry[] = []
  let queue: Promise<unknown> = Promise.resolve()
  const clone = <T>(v: T): T => structuredClone(v)

  return {
    audit,
    states,
    async createConnection(c) { connections.set(c.id, clone(c)); return clone(c) },
    async getConnection(id) { const c = connections.get(id); return c && clone(c) },
    async listConnections(filter = {}) {
      return [...connections.values()].filter((c) =>
        (!filter.tenant || c.tenant === filter.tenant) && (!filter.connector || c.connector === filter.connector) &&
        (!filter.status || c.status === filter.status)).map(clone)
    },
    updateConnection(id, patch) {
      const next = queue.then(async () => {
        const c = connections.get(id)
        if (!c) throw new MaestroError('connection_not_found', `No connection ${id}.`)
        const updated = patch(clone(c))
        connections.set(id, clone(updated))
        return clone(updated)
      })
      queue = next.catch(() => undefined)
      return next
    },
    async deleteConnection(id) { connections.delete(id) },
    async appendAudit(e) { audit.push(clone(e)) },
    async putOAuthState(s) { states.set(s.state, clone(s)) },
    async takeOAuthState(state) { const s = states.get(state); states.delete(state); return s },
  }
}
