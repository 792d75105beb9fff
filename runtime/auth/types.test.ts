import { describe, expectTypeOf, it } from 'vitest'
import type { Connector } from '../manifest/index.ts'
import type { ResolvedAuth as EngineResolvedAuth } from '../sync/connection-http.ts'
import type { TokenProvider as RequesterTokenProvider } from '../http/index.ts'
import type { ResolvedAuth } from './token-manager.ts'
import type { ConnectorLookup, TokenProvider } from './types.ts'

// Compile-time contracts with the modules auth plugs into; `tsc --noEmit` fails when one drifts.
describe('auth contracts', () => {
  it('fits the manifest loader, the sync engine and the requester', () => {
    expectTypeOf<Map<string, Connector>>().toExtend<ConnectorLookup>()
    expectTypeOf<{ get(id: string): number }>().not.toExtend<ConnectorLookup>()
    expectTypeOf<ResolvedAuth>().toExtend<EngineResolvedAuth>()
    expectTypeOf<TokenProvider>().toExtend<RequesterTokenProvider>()
  })
})
