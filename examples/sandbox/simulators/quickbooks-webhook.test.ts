import { describe, expect, it } from 'vitest'
import { signQuickBooksWebhook, webhookBody, type QuickBooksEvent } from './quickbooks-webhook.ts'

// The test vectors of shared/providers/quickbooks.md §7 (computed there with Python's hmac).
const CLOUD = '[{"specversion":"1.0","id":"88cd52aa-33b6-4351-9aa4-47572edbd068","source":"intuit.dsnBgbseACLLRZNxo2dfc4evmEJdxde58xeeYcZliOU=","type":"qbo.account.created.v1","datacontenttype":"application/json","time":"2025-09-10T21:31:25.179851517Z","intuitentityid":"1234","intuitaccountid":"310687","data":{}}]'
const LEGACY = '{"eventNotifications":[{"realmId":"310687","dataChangeEvent":{"entities":[{"id":"1234","operation":"Create","name":"Account","lastUpdated":"2025-09-08T20:52:31.657Z"}]}}]}'

describe('intuit-signature', () => {
  it.each([
    { name: 'CloudEvents vector', body: CLOUD, signature: 'lJOtR7jgbWKaLG2/sP+YNbC5uE2MxWxCoAPxG8//isU=' },
    { name: 'legacy vector', body: LEGACY, signature: '3MHx8G/KNW1pJR+WQI9qjjovwVE5Z0w/+i6B9rdktkg=' },
  ])('$name', ({ body, signature }) => {
    expect(signQuickBooksWebhook(body, 'test-verifier-token')).toEqual({ 'intuit-signature': signature })
  })

  it('changes with the key', () => {
    expect(signQuickBooksWebhook(CLOUD, 'another-token')['intuit-signature']).not.toBe('lJOtR7jgbWKaLG2/sP+YNbC5uE2MxWxCoAPxG8//isU=')
  })
})

describe('payload formats', () => {
  const account: QuickBooksEvent = { realmId: '310687', name: 'Account', id: '1234', operation: 'Create', lastUpdated: '2025-09-08T20:52:31.657Z' }

  it('builds the legacy sample byte for byte', () => {
    expect(webhookBody('legacy', [account])).toBe(LEGACY)
  })

  it('builds the CloudEvents sample byte for byte, given its id, source and time', () => {
    const body = JSON.parse(webhookBody('cloudevents', [{ ...account, lastUpdated: '2025-09-10T21:31:25.179851517Z' }], () => '88cd52aa-33b6-4351-9aa4-47572edbd068'))
    body[0].source = 'intuit.dsnBgbseACLLRZNxo2dfc4evmEJdxde58xeeYcZliOU='
    expect(JSON.stringify(body)).toBe(CLOUD)
  })

  it('groups legacy events per realm and keeps CloudEvents flat across realms, with merges naming the deleted id', () => {
    const events: QuickBooksEvent[] = [
      { realmId: '1', name: 'Employee', id: '7', operation: 'Update', lastUpdated: 't1' },
      { realmId: '2', name: 'Employee', id: '8', operation: 'Merge', lastUpdated: 't2', deletedId: '27' },
      { realmId: '1', name: 'TimeActivity', id: '9', operation: 'Delete', lastUpdated: 't3' },
    ]
    const legacy = JSON.parse(webhookBody('legacy', events))
    expect(legacy.eventNotifications.map((n: { realmId: string; dataChangeEvent: { entities: unknown[] } }) => [n.realmId, n.dataChangeEvent.entities.length])).toEqual([['1', 2], ['2', 1]])
    const cloud = JSON.parse(webhookBody('cloudevents', events))
    expect(cloud.map((e: { type: string; intuitaccountid: string; data: object }) => [e.type, e.intuitaccountid, e.data])).toEqual([
      ['qbo.employee.updated.v1', '1', {}], ['qbo.employee.merged.v1', '2', { deletedid: '27' }], ['qbo.timeactivity.deleted.v1', '1', {}],
    ])
  })
})
