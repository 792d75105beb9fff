import { beforeAll, describe, expect, it } from 'vitest'
import jsonata from 'jsonata'
import { createClassifier, createRequestBuilder, type Attempt } from '../../runtime/http/index.ts'
import { loadConnector, type Connector, type WebhooksSpec } from '../../runtime/manifest/index.ts'

let connector: Connector
beforeAll(async () => { connector = await loadConnector('connectors/quickbooks/connector.yaml') })

const res = (status: number, body: unknown): Attempt => ({ kind: 'response', status, headers: {}, body })
const AUTH_401_LOWER = { fault: { error: [{ message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401', detail: 'Token expired', code: '3200' }], type: 'AUTHENTICATION' } }
const AUTH_401_UPPER = { Fault: { Error: [{ Message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401', Detail: 'Token revoked', code: '3200' }], type: 'AuthenticationFault' }, time: '2025-01-01T00:00:00.000-08:00' }
const VALIDATION = { Fault: { Error: [{ Message: 'A business validation error has occurred', Detail: 'Invalid query', code: '610', element: '' }], type: 'ValidationFault' }, time: '2025-01-01T00:00:00.000-08:00' }

describe('response classification (http.errors)', () => {
  it.each([
    { name: '401 with lowercase fault 3200 → auth_expired', attempt: res(401, AUTH_401_LOWER), outcome: 'auth_expired', message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401: Token expired' },
    { name: '401 with Fault 3200 → auth_expired', attempt: res(401, AUTH_401_UPPER), outcome: 'auth_expired', message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401: Token revoked' },
    { name: 'Fault 3200 inside a 200 → auth_expired', attempt: res(200, AUTH_401_UPPER), outcome: 'auth_expired' },
    { name: 'lowercase fault 3200 inside a 200 → auth_expired', attempt: res(200, AUTH_401_LOWER), outcome: 'auth_expired' },
    { name: 'numeric code 3200 is read too', attempt: res(200, { Fault: { Error: [{ Message: 'x', code: 3200 }] } }), outcome: 'auth_expired' },
    { name: '3201 (no access to the company) → auth_expired', attempt: res(403, { Fault: { Error: [{ Message: 'ApplicationAuthorizationFailed', code: '3201' }], type: 'AuthorizationFault' } }), outcome: 'auth_expired' },
    { name: 'a ValidationFault inside a 200 is a failure, not data', attempt: res(200, VALIDATION), outcome: 'fatal', message: 'A business validation error has occurred: Invalid query' },
    { name: 'a lowercase fault inside a 200 is a failure', attempt: res(200, { fault: { error: [{ message: 'boom', code: '10000' }] } }), outcome: 'fatal', message: 'boom' },
    { name: 'a query response is success', attempt: res(200, { QueryResponse: { Employee: [{ Id: '1' }] }, time: 't' }), outcome: 'success' },
    { name: 'an empty query response is success', attempt: res(200, { QueryResponse: {}, time: 't' }), outcome: 'success' },
    { name: 'a ValidationFault with 400 stays fatal', attempt: res(400, VALIDATION), outcome: 'fatal' },
    { name: 'ThrottleExceeded 429 is rate limited', attempt: res(429, { Fault: { Error: [{ Message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429', code: '3001' }], type: 'ThrottleExceeded' } }), outcome: 'rate_limited' },
    { name: 'a SystemFault 500 is retried', attempt: res(500, { Fault: { Error: [{ Message: 'x', code: '10000' }], type: 'SystemFault' } }), outcome: 'retry' },
  ])('$name', async ({ attempt, outcome, message }) => {
    const decision = await createClassifier(connector.manifest.http)(attempt)
    expect(decision.outcome).toBe(outcome)
    if (message) expect(decision.message).toBe(message)
  })
})

describe('list requests', () => {
  const render = async (resource: string, vars: Record<string, unknown>) => {
    const builder = createRequestBuilder(connector.manifest.http, { config: { realmId: '4620816365' }, credentials: {}, app: {} })
    const list = connector.manifest.resources[resource].list
    return builder.build({ path: list.path, query: list.query }, vars)
  }

  it.each([
    { name: 'employees, first run', resource: 'employees', vars: { page: { number: 1, offset: 0, size: 200 } },
      sql: 'select * from Employee where Active IN (true,false) ORDER BY Metadata.LastUpdatedTime ASC STARTPOSITION 1 MAXRESULTS 200' },
    { name: 'employees, incremental page 3', resource: 'employees', vars: { cursor: '2025-11-09T19:50:25Z', page: { number: 3, offset: 400, size: 200 } },
      sql: "select * from Employee where Active IN (true,false) and Metadata.LastUpdatedTime > '2025-11-09T19:50:25+00:00' ORDER BY Metadata.LastUpdatedTime ASC STARTPOSITION 401 MAXRESULTS 200" },
    { name: 'time activities, first run', resource: 'timeEntries', vars: { page: { number: 1, offset: 0, size: 200 } },
      sql: 'select * from TimeActivity ORDER BY Metadata.LastUpdatedTime ASC STARTPOSITION 1 MAXRESULTS 200' },
    { name: 'time activities, incremental', resource: 'timeEntries', vars: { cursor: '2025-11-09T19:50:25Z', page: { number: 1, offset: 0, size: 200 } },
      sql: "select * from TimeActivity where Metadata.LastUpdatedTime > '2025-11-09T19:50:25+00:00' ORDER BY Metadata.LastUpdatedTime ASC STARTPOSITION 1 MAXRESULTS 200" },
  ])('$name', async ({ resource, vars, sql }) => {
    const req = await render(resource, vars)
    expect(req.url.origin + req.url.pathname).toBe('https://quickbooks.api.intuit.com/v3/company/4620816365/query')
    expect(req.url.searchParams.get('query')).toBe(sql)
    expect(req.url.searchParams.get('minorversion')).toBe('75')
    expect(req.headers.accept).toBe('application/json')
  })
})

// Both payload formats quoted in quickbooks.md §7, plus variants with employees, deletes, merges and mixed realms.
const LEGACY = {
  eventNotifications: [
    { realmId: '310687', dataChangeEvent: { entities: [
      { id: '1234', operation: 'Create', name: 'Account', lastUpdated: '2025-09-08T20:52:31.657Z' },
      { id: '71', operation: 'Update', name: 'Employee', lastUpdated: '2025-09-08T20:52:31.657Z' },
    ] } },
    { realmId: '999001', dataChangeEvent: { entities: [{ id: '5', operation: 'Delete', name: 'TimeActivity', lastUpdated: '2025-09-08T20:52:31.657Z' }] } },
  ],
}
const cloud = (type: string, id: string, realm: string, data: object = {}) => ({
  specversion: '1.0', id: `evt-${id}-${realm}`, source: 'intuit.dsnBgbseACLLRZNxo2dfc4evmEJdxde58xeeYcZliOU=', type,
  datacontenttype: 'application/json', time: '2025-09-10T21:31:25.179851517Z', intuitentityid: id, intuitaccountid: realm, data,
})
const CLOUD = [
  cloud('qbo.account.created.v1', '1234', '310687'),
  cloud('qbo.employee.updated.v1', '71', '310687'),
  cloud('qbo.timeactivity.deleted.v1', '5', '999001'),
  cloud('qbo.employee.merged.v1', '72', '999001', { deletedid: '27' }),
]

/** Every (resource, action, id, realm) the manifest's rules produce for a delivery, evaluated like the spec says. */
async function plan(webhooks: WebhooksSpec, body: unknown) {
  const out: string[] = []
  for (const rule of webhooks.events) {
    const events = rule.each ? await jsonata(rule.each).evaluate(body) : body
    for (const event of [events].flat().filter(Boolean)) {
      if ((await jsonata(rule.when).evaluate(event)) !== true) continue
      const realm = await jsonata(webhooks.route!.value).evaluate(event)
      out.push(`${rule.resource} ${rule.action} ${await jsonata(rule.id!).evaluate(event)} @${realm}`)
    }
  }
  return out.sort()
}

describe('webhook events', () => {
  it.each([
    { name: 'legacy eventNotifications', body: LEGACY, expected: ['employees refetch 71 @310687', 'timeEntries delete 5 @999001'] },
    { name: 'CloudEvents array mixing realms', body: CLOUD, expected: ['employees delete 27 @999001', 'employees refetch 71 @310687', 'employees refetch 72 @999001', 'timeEntries delete 5 @999001'] },
    { name: 'a single CloudEvent', body: [cloud('qbo.timeactivity.created.v1', '9', '310687')], expected: ['timeEntries refetch 9 @310687'] },
    { name: 'an entity nobody syncs', body: [cloud('qbo.account.created.v1', '1234', '310687')], expected: [] },
  ])('$name', async ({ body, expected }) => {
    expect(await plan(connector.manifest.webhooks!, body)).toEqual(expected)
  })

  it.each([
    { name: 'CloudEvents delivery id is the set of its event ids', body: CLOUD.slice(0, 2), id: 'evt-1234-310687,evt-71-310687' },
    { name: 'legacy deliveries carry none', body: LEGACY, id: undefined },
  ])('$name', async ({ body, id }) => {
    expect(await jsonata(connector.manifest.webhooks!.eventId!).evaluate(body)).toBe(id)
  })

  it('verifies intuit-signature as base64 HMAC-SHA256 with the app\'s verifier token', () => {
    expect(connector.manifest.webhooks!.verify).toEqual({ scheme: 'hmac-sha256', header: 'intuit-signature', encoding: 'base64', secret: '{{ app.webhookSecret }}' })
  })
})
