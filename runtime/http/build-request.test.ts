import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { HttpSpec } from '../manifest/schema/index.ts'
import { createRequestBuilder } from './build-request.ts'
import type { RequestSpec } from './types.ts'

const context = { config: { accountId: '123', companyDomain: 'acme' }, credentials: { apiKey: 'k-secret' }, app: {} }
const http: HttpSpec = { baseUrl: 'https://api.example.com/v2/', headers: { 'Harvest-Account-Id': '{{ config.accountId }}' }, query: { minorversion: 75 } }

describe('createRequestBuilder', () => {
  it.each<{ name: string; spec: RequestSpec; vars?: Record<string, unknown>; url: string; headers?: Record<string, string>; body?: unknown }>([
    { name: 'base path is kept and query merged', spec: { path: '/users', query: { per_page: 100 } }, url: 'https://api.example.com/v2/users?minorversion=75&per_page=100' },
    { name: 'a path without leading slash joins with one', spec: { path: 'users' }, url: 'https://api.example.com/v2/users?minorversion=75' },
    { name: 'undefined template drops the parameter (first run, no cursor)', spec: { path: '/users', query: { updated_since: '{{ cursor }}' } }, url: 'https://api.example.com/v2/users?minorversion=75' },
    { name: 'cursor renders when set', spec: { path: '/users', query: { updated_since: '{{ cursor }}' } }, vars: { cursor: '2024-01-01T00:00:00Z' }, url: 'https://api.example.com/v2/users?minorversion=75&updated_since=2024-01-01T00%3A00%3A00Z' },
    { name: 'path values are URL-encoded', spec: { path: '/companies/{{ parent.uuid }}/employees' }, vars: { parent: { uuid: 'a/b?c#d' } }, url: 'https://api.example.com/v2/companies/a%2Fb%3Fc%23d/employees?minorversion=75' },
    { name: 'numbers in paths', spec: { path: '/users/{{ id }}' }, vars: { id: 42 }, url: 'https://api.example.com/v2/users/42?minorversion=75' },
    { name: 'overrides are literal, never templates', spec: { path: '/users', overrides: { query: { cursor: '{{ credentials.apiKey }}' } } }, url: 'https://api.example.com/v2/users?minorversion=75&cursor=%7B%7B+credentials.apiKey+%7D%7D' },
    { name: 'a null override removes a parameter', spec: { path: '/users', query: { page: 1 }, overrides: { query: { page: null } } }, url: 'https://api.example.com/v2/users?minorversion=75' },
    { name: 'absolute next URL is used as-is; global query only added when absent', spec: { path: '/users', query: { per_page: 100 }, url: 'https://api.example.com/v2/users?cursor=abc&per_page=50' }, url: 'https://api.example.com/v2/users?cursor=abc&per_page=50&minorversion=75' },
    { name: 'headers: defaults, connector and request; names lower-cased', spec: { path: '/x', headers: { Accept: 'text/csv' } }, url: 'https://api.example.com/v2/x?minorversion=75', headers: { accept: 'text/csv', 'harvest-account-id': '123', 'user-agent': 'Maestro/0.1' } },
    { name: 'JSON body with templated leaves keeps raw values', spec: { method: 'post', path: '/q', body: { page: '{{ page.number }}', fields: ['id'], cursor: '{{ cursor }}' } }, vars: { page: { number: 3 } }, url: 'https://api.example.com/v2/q?minorversion=75', body: { page: 3, fields: ['id'] } },
  ])('$name', async ({ spec, vars, url, headers, body }) => {
    const req = await createRequestBuilder(http, context).build(spec, vars)
    expect(req.url.href).toBe(url)
    if (headers) expect(req.headers).toMatchObject(headers)
    if (body !== undefined) {
      expect(req.body).toEqual(body)
      expect(req.method).toBe('POST')
      expect(req.headers['content-type']).toBe('application/json')
    }
  })

  it('renders the base URL from config', async () => {
    const b = createRequestBuilder({ baseUrl: 'https://{{ config.companyDomain }}.bamboohr.com/api/v1' }, context)
    expect((await b.build({ path: '/employees' })).url.href).toBe('https://acme.bamboohr.com/api/v1/employees')
  })

  it.each([
    { name: 'another origin', url: 'https://evil.example.net/v2/users' },
    { name: 'another scheme', url: 'http://api.example.com/v2/users' },
    { name: 'another port', url: 'https://api.example.com:8443/v2/users' },
  ])('refuses a next URL on $name', async ({ url }) => {
    await expect(createRequestBuilder(http, context).build({ url })).rejects.toMatchObject({ code: 'provider_response_invalid' })
  })

  it.each([
    { name: 'undefined', vars: {} },
    { name: 'null', vars: { id: null } },
    { name: 'an object', vars: { id: { a: 1 } } },
    { name: 'dot-dot', vars: { id: '..' } },
    { name: 'a single dot', vars: { id: '.' } },
  ])('refuses a path value that is $name', async ({ vars }) => {
    await expect(createRequestBuilder(http, context).build({ path: '/users/{{ id }}' }, vars)).rejects.toMatchObject({ code: 'expression_failed' })
  })

  it('no interpolated string ever escapes its path segment', async () => {
    const b = createRequestBuilder(http, context)
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('..', '.', '%2e%2e', '/../', '?a=1', '#x', '\\..\\', '%2F', 'a\uD800b')), async (id) => {
      let req
      try {
        req = await b.build({ path: '/users/{{ id }}/details' }, { id })
      } catch (err) {
        // Only values that form a dot segment are refused.
        expect((err as { code: string }).code).toBe('expression_failed')
        const wellFormed = !/[\uD800-\uDFFF]/.test(id.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))
        expect(wellFormed ? /^(?:\.|%2e){1,2}$/i.test(encodeURIComponent(id)) : true).toBe(true)
        return
      }
      const { pathname, search, hash, origin } = req.url
      expect(origin).toBe('https://api.example.com')
      expect(search).toBe('?minorversion=75')
      expect(hash).toBe('')
      const m = /^\/v2\/users\/([^/]*)\/details$/.exec(pathname)
      expect(m).not.toBeNull()
      expect(decodeURIComponent(m![1])).toBe(id)
    }))
  })
})
