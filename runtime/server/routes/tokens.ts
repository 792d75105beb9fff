/**
 * @module Tenant tokens: the operator mints short-lived tokens for one tenant (the embedded dashboard
 * uses them) and revokes them by id.
 */
import { Type } from '@sinclair/typebox'
import { Hono } from 'hono'
import { audit, requireOperator } from '../access.ts'
import type { ServerEnv } from '../deps.ts'
import type { Operation, RouteDeps, RouteModule } from '../operation.ts'
import { TenantId, TenantToken, TokenRequest } from '../schemas.ts'
import { check, readBody } from '../validate.ts'

export const operations: Operation[] = [
  {
    method: 'post', path: '/tenants/:tenant/tokens', tag: 'tokens', operatorOnly: true, summary: 'Mint a tenant-scoped token.',
    body: TokenRequest, responses: { 201: { description: 'The token, shown once.', schema: TenantToken } }, errors: ['invalid_request'],
  },
  {
    method: 'delete', path: '/tenants/:tenant/tokens/:id', tag: 'tokens', operatorOnly: true, summary: 'Revoke a tenant token.',
    responses: { 204: { description: 'Revoked.' } }, errors: ['invalid_request'],
  },
]

const TokenId = Type.String({ pattern: '^tok_[0-9a-f]{1,64}$' })
const tenantParam = (raw: string): string => check(TenantId, raw, { prefix: '/tenant', what: 'tenant id' })

function routes(deps: RouteDeps): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>()

  app.post('/tenants/:tenant/tokens', async (c) => {
    const tenant = tenantParam(c.req.param('tenant'))
    await requireOperator(deps, c, `tenant:${tenant}`)
    const body = await readBody(c, TokenRequest)
    const minted = await deps.tokens.mint(tenant, body.ttlSeconds)
    await audit(deps, c, { action: 'token.mint', outcome: 'ok', tenant, target: minted.id, details: { expiresAt: minted.expiresAt } })
    return c.json(minted, 201)
  })

  app.delete('/tenants/:tenant/tokens/:id', async (c) => {
    const tenant = tenantParam(c.req.param('tenant'))
    await requireOperator(deps, c, `tenant:${tenant}`)
    const id = check(TokenId, c.req.param('id'), { prefix: '/id', what: 'token id' })
    await deps.tokens.revoke(tenant, id)
    await audit(deps, c, { action: 'token.revoke', outcome: 'ok', tenant, target: id })
    return c.body(null, 204)
  })
  return app
}

export const tokens: RouteModule = { operations, routes }
