import { afterAll, describe, expect, it } from 'vitest'
import { startGustoSimulator, type GustoSimulator } from '../../examples/sandbox/simulators/index.ts'
import type { Connection } from '../../runtime/store/types.ts'
import { onConnect } from './hooks.ts'

const sims: GustoSimulator[] = []
afterAll(async () => { for (const s of sims) await s.close() })

const connection = { id: 'con_g', tenant: 't', connector: 'gusto', status: 'pending', config: {}, credentials: null, createdAt: '', updatedAt: '' } as Connection

/** The fetch onConnect receives: relative URLs on the base URL, the access token applied. */
const fetchFor = (sim: GustoSimulator, token: string) => (input: string | URL, init: RequestInit = {}) =>
  fetch(new URL(String(input), sim.url), { ...init, headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${token}` } })

describe('gusto onConnect', () => {
  it('reads the company uuid of the token from /v1/token_info', async () => {
    const sim = await startGustoSimulator({ counts: { employees: 1, payrolls: 0 } })
    sims.push(sim)
    await expect(onConnect({ connection, fetch: fetchFor(sim, sim.credentials.accessToken) })).resolves.toEqual({ config: { companyUuid: sim.credentials.companyId } })
    expect(sim.requests.at(-1)).toMatchObject({ path: '/v1/token_info', status: 200 })
  })

  it('fails the connect with oauth_failed when the token is refused', async () => {
    const sim = await startGustoSimulator({ counts: { employees: 1, payrolls: 0 } })
    sims.push(sim)
    await expect(onConnect({ connection, fetch: fetchFor(sim, 'not-the-token') })).rejects.toMatchObject({ code: 'oauth_failed' })
  })
})
