import { describe, expect, it } from 'vitest'
import { renderUrl } from './render-url.ts'

const ctx = { app: { authBase: 'https://sandbox.example:8443' }, config: { domain: 'acme', region: 'eu' } }

describe('renderUrl', () => {
  it.each([
    { name: 'literal', template: 'https://api.gusto.com/oauth/token', expected: 'https://api.gusto.com/oauth/token' },
    { name: 'config value', template: 'https://{{ config.domain }}.bamboohr.com/token', expected: 'https://acme.bamboohr.com/token' },
    { name: 'app URL prefix', template: '{{ app.authBase }}/oauth/token', expected: 'https://sandbox.example:8443/oauth/token' },
  ])('renders $name', ({ template, expected }) => {
    expect(renderUrl(template, ctx, 'auth.tokenUrl')).toBe(expected)
  })

  it.each([
    { name: 'missing app field', template: '{{ app.tokenBase }}/t', code: 'app_not_configured' },
    { name: 'missing config field', template: 'https://{{ config.nope }}.x/t', code: 'expression_failed' },
    { name: 'an expression beyond a reference', template: 'https://{{ $uppercase(config.domain) }}/t', code: 'expression_failed' },
    { name: 'not a URL', template: '{{ config.domain }}', code: 'expression_failed' },
    { name: 'not http(s)', template: 'ftp://{{ config.domain }}/t', code: 'expression_failed' },
  ])('refuses $name', ({ template, code }) => {
    expect(() => renderUrl(template, ctx, 'auth.tokenUrl')).toThrow(expect.objectContaining({ code }))
  })
})
