import { describe, expect, it } from 'vitest'
import { sendRequest } from './send.ts'
import type { OutgoingRequest } from './types.ts'

const req = (url: string, method = 'GET', body?: unknown): OutgoingRequest => ({ method, url: new URL(url), headers: { 'x-api-key': 'k' }, body, secrets: [] })

describe('sendRequest redirects', () => {
  const script = (answers: Array<{ status: number; location?: string }>) => {
    const calls: Array<{ url: string; method: string; body: unknown }> = []
    const fetch = async (input: URL, init: RequestInit) => {
      calls.push({ url: input.href, method: String(init.method), body: init.body })
      const a = answers.shift()!
      return new Response(a.status === 200 ? '{}' : '', { status: a.status, headers: a.location ? { location: a.location } : {} })
    }
    return { calls, fetch }
  }

  it.each([
    { name: '307 keeps method and body', status: 307, method: 'POST', body: '{"a":1}' },
    { name: '308 keeps method and body', status: 308, method: 'POST', body: '{"a":1}' },
    { name: '303 turns into GET without body', status: 303, method: 'GET', body: undefined },
    { name: '302 after POST turns into GET', status: 302, method: 'GET', body: undefined },
  ])('$name', async ({ status, method, body }) => {
    const { calls, fetch } = script([{ status, location: '/v2/other' }, { status: 200 }])
    const ex = await sendRequest(fetch, req('https://api.test/v2/x', 'POST', { a: 1 }), 5000)
    expect(ex).toMatchObject({ kind: 'response', status: 200, url: 'https://api.test/v2/other' })
    expect(calls[1]).toEqual({ url: 'https://api.test/v2/other', method, body })
  })

  it('stops at a redirect to another origin and says where it pointed', async () => {
    const { calls, fetch } = script([{ status: 301, location: 'https://elsewhere.test/steal' }])
    const ex = await sendRequest(fetch, req('https://api.test/v2/x'), 5000)
    expect(ex).toMatchObject({ kind: 'response', status: 301, redirectBlocked: 'https://elsewhere.test' })
    expect(calls).toHaveLength(1)
  })

  it('gives up after 5 redirects and returns the last answer', async () => {
    const { calls, fetch } = script(Array.from({ length: 10 }, () => ({ status: 302, location: '/loop' })))
    const ex = await sendRequest(fetch, req('https://api.test/v2/x'), 5000)
    expect(ex).toMatchObject({ kind: 'response', status: 302 })
    expect(calls).toHaveLength(6)
  })
})
