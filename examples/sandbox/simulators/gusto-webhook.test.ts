import { describe, expect, it } from 'vitest'
import { signGustoWebhook } from './gusto-webhook.ts'

// Vector from shared/providers/gusto.md §7 (computed locally there, not published by Gusto).
const TOKEN = '6590f590-3dba-495e-9bea-c361e1e2efc0'
const BODY = '{"uuid":"f7397a24-57ad-4fae-b011-d258e8232900","event_type":"company.provisioned","resource_type":"Company","resource_uuid":"5df911a0-e8e9-412d-8aaf-a46ad193dd96","entity_type":"Company","entity_uuid":"5df911a0-e8e9-412d-8aaf-a46ad193dd96","timestamp":1671058841}'
const SIGNATURE = '11e15d48dc902299acfab62cda72cbb3b17de7a274b786adeae51c0057cbdbe0'

describe('signGustoWebhook', () => {
  it('matches the gusto.md test vector', () => {
    expect(signGustoWebhook(BODY, TOKEN)).toEqual({ 'X-Gusto-Signature': SIGNATURE })
  })

  it.each([
    { name: 'another verification token', body: BODY, secret: TOKEN.replace('6590', '6591') },
    { name: 'a re-serialized body', body: JSON.stringify(JSON.parse(BODY), null, 1), secret: TOKEN },
  ])('differs for $name', ({ body, secret }) => {
    expect(signGustoWebhook(body, secret)['X-Gusto-Signature']).not.toBe(SIGNATURE)
  })
})
