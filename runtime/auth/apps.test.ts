import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppRegistry, loadApps } from './apps.ts'

let dir: string
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'maestro-apps-')) })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

const writeConfig = async (name: string, body: unknown) => {
  const file = join(dir, name)
  await writeFile(file, typeof body === 'string' ? body : JSON.stringify(body))
  return file
}

describe('apps', () => {
  it('merges the config file and the environment, env winning, with multi-word connector ids', async () => {
    const file = await writeConfig('a.json', {
      apps: {
        quickbooks: { clientId: 'file-id', clientSecret: 'file-secret', redirectUri: 'https://x/cb', mtlsCert: 'certs/a.pem' },
      },
    })
    const apps = await loadApps({
      configFile: file,
      env: {
        MAESTRO_APP_QUICKBOOKS_CLIENT_SECRET: 'env-secret',
        MAESTRO_APP_QUICKBOOKS_SANDBOX_BASE_URL: 'https://sandbox-quickbooks.api.intuit.com',
        MAESTRO_APP_ADP_MTLS_KEY: '/abs/key.pem',
        UNRELATED: 'x',
      },
    })
    const qb = apps.require('quickbooks', ['clientId', 'clientSecret'])
    expect(qb.clientId).toBe('file-id')
    expect(qb.clientSecret).toBe('env-secret')
    expect(qb.mtlsCert).toBe(join(dir, 'certs/a.pem'))
    expect(apps.get('quickbooks-sandbox')?.baseUrl).toBe('https://sandbox-quickbooks.api.intuit.com')
    expect(apps.get('adp')?.mtlsKey).toBe('/abs/key.pem')
    expect(apps.describe().quickbooks).toMatchObject({ clientId: 'file', clientSecret: 'env', webhookSecret: null })
  })

  it('never prints secret values: describe, JSON, inspect and errors', async () => {
    const apps = createAppRegistry({ gusto: { clientId: 'gid', clientSecret: 'very-secret-value', webhookSecret: 'hook-secret-value' } })
    const app = apps.get('gusto')!
    const views = [JSON.stringify(apps.describe()), JSON.stringify(app), inspect(app), inspect({ nested: app })]
    for (const v of views) {
      expect(v).not.toContain('very-secret-value')
      expect(v).not.toContain('hook-secret-value')
    }
    expect(app.clientSecret).toBe('very-secret-value')
  })

  it.each([
    { name: 'unknown connector', connector: 'nope', fields: ['clientId'] as const, missing: ['clientId'] },
    { name: 'missing fields', connector: 'gusto', fields: ['clientId', 'clientSecret', 'redirectUri'] as const, missing: ['clientSecret', 'redirectUri'] },
  ])('require: $name → app_not_configured naming the env variables', ({ connector, fields, missing }) => {
    const apps = createAppRegistry({ gusto: { clientId: 'gid' } })
    let err: { code?: string; details?: { missing: Array<{ field: string; env: string }> } } = {}
    try { apps.require(connector, fields) } catch (e) { err = e as typeof err }
    expect(err.code).toBe('app_not_configured')
    expect(err.details?.missing.map((m) => m.field)).toEqual(missing)
    expect(err.details?.missing[0].env).toMatch(/^MAESTRO_APP_[A-Z_]+$/)
  })

  it.each([
    { name: 'unknown field', body: { apps: { x: { clientSecrt: 'a' } } }, message: /clientSecrt is not an app field/ },
    { name: 'non-string value', body: { apps: { x: { clientId: 1 } } }, message: /must be a string/ },
    { name: 'apps not an object', body: { apps: [] }, message: /must be an object/ },
    { name: 'broken JSON that holds a secret', body: '{"apps":{"x":{"clientSecret":"leaky-secret"', message: /not valid JSON/ },
  ])('rejects a config with $name, without echoing values', async ({ name, body, message }) => {
    const file = await writeConfig(`${name.replace(/\W/g, '-')}.json`, body)
    const err = await loadApps({ configFile: file, env: {} }).catch((e) => e)
    expect(err.code).toBe('app_not_configured')
    expect(err.message).toMatch(message)
    expect(err.message).not.toContain('leaky-secret')
  })

  it('treats a missing config file as empty and warns about env names it cannot place', async () => {
    const warnings: string[] = []
    const apps = await loadApps({ configFile: join(dir, 'absent.json'), env: { MAESTRO_APP_X_COLOR: 'blue' }, logger: { warn: (m) => { warnings.push(m) } } })
    expect(apps.describe()).toEqual({})
    expect(warnings[0]).toContain('MAESTRO_APP_X_COLOR')
    expect(warnings[0]).not.toContain('blue')
  })
})
