import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signBambooHRWebhook } from './bamboohr-webhook.ts'

// Derived vector from shared/providers/bamboohr.md §7 (computed from the documented algorithm, not official).
const BODY = '{"employees":[{"id":"123","changedFields":["jobTitle"],"fields":{"jobTitle":"Senior"},"timestamp":"2024-03-15T14:30:00Z"}]}'

describe('signBambooHRWebhook', () => {
  it('matches the bamboohr.md test vector', () => {
    expect(signBambooHRWebhook(BODY, 'webhook-secret', 1710510600)).toEqual({
      'X-BambooHR-Signature': 'bc2a44c2e865f910eb18485d954fcffdfa18a38487180dc294a6797a1ed43d48',
      'X-BambooHR-Timestamp': '1710510600',
    })
  })

  it.each([
    { name: 'a different timestamp', body: BODY, secret: 'webhook-secret', ts: 1710510601 },
    { name: 'a different key', body: BODY, secret: 'webhook-secret2', ts: 1710510600 },
    { name: 'a changed body', body: BODY.replace('Senior', 'Junior'), secret: 'webhook-secret', ts: 1710510600 },
  ])('changes with $name', ({ body, secret, ts }) => {
    expect(signBambooHRWebhook(body, secret, ts)['X-BambooHR-Signature']).not.toBe('bc2a44c2e865f910eb18485d954fcffdfa18a38487180dc294a6797a1ed43d48')
  })

  it('appends the timestamp to the body with no separator and defaults it to now', () => {
    const before = Math.floor(Date.now() / 1000)
    const headers = signBambooHRWebhook('{}', 'k')
    const ts = Number(headers['X-BambooHR-Timestamp'])
    expect(ts).toBeGreaterThanOrEqual(before)
    expect(headers['X-BambooHR-Signature']).toBe(createHmac('sha256', 'k').update(`{}${ts}`).digest('hex'))
  })
})
