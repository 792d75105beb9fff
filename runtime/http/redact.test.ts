import { describe, expect, it } from 'vitest'
import { redactText, redactUrl, secretValues } from './redact.ts'

describe('redaction', () => {
  it.each([
    { name: 'a known secret in the query', url: 'https://x.test/a?k=s3cr3t-value&page=2', secrets: ['s3cr3t-value'], expected: 'https://x.test/a?k=***&page=2' },
    { name: 'sensitive parameter names', url: 'https://x.test/a?api_key=abc&access_token=def&page=2', secrets: [], expected: 'https://x.test/a?api_key=***&access_token=***&page=2' },
    { name: 'user info', url: 'https://user:pass@x.test/a', secrets: [], expected: 'https://x.test/a' },
    { name: 'a URL-encoded secret', url: 'https://x.test/a?q=a%2Fb%3Dc', secrets: ['a/b=c'], expected: 'https://x.test/a?q=***' },
    { name: 'a form-encoded secret', url: `https://x.test/a?${new URLSearchParams({ q: "it's (a) secret!" })}`, secrets: ["it's (a) secret!"], expected: 'https://x.test/a?q=***' },
  ])('redactUrl: $name', ({ url, secrets, expected }) => {
    expect(redactUrl(url, secrets)).toBe(expected)
  })

  it('redactText removes every occurrence', () => {
    expect(redactText('token tok-123 and again tok-123', ['tok-123'])).toBe('token *** and again ***')
  })

  it('secretValues collects string credentials', () => {
    expect(secretValues({ apiKey: 'abcdef', n: 12345, short: 'x', nested: { a: 1 } })).toEqual(['abcdef', '12345'])
  })
})
