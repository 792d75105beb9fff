import { randomBytes } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createVaultFromKeys } from '../auth/vault.ts'
import { createLowdbStore } from '../store/lowdb-store.ts'
import type { Store } from '../store/types.ts'
import { createTokenService } from './tokens.ts'

let dir: string
let store: Store
let now: number
const clock = () => new Date(now)
const vault = createVaultFromKeys([{ id: 'k', key: randomBytes(32) }])

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'maestro-tokens-'))
  store = createLowdbStore({ dir, fsync: false })
  now = Date.parse('2025-05-01T00:00:00Z')
})
afterEach(async () => {
  await store.close()
  await rm(dir, { recursive: true, force: true })
})

async function allFiles(): Promise<string> {
  const names = await readdir(dir, { recursive: true, withFileTypes: true })
  const texts = await Promise.all(names.filter((e) => e.isFile()).map((e) => readFile(join(e.parentPath, e.name), 'utf8')))
  return texts.join('\n')
}

describe('operator token', () => {
  it('is generated once, returned once, and stored only as a hash', async () => {
    const first = await createTokenService({ store, vault, env: {}, clock })
    expect(first.adminToken).toMatch(/^mto_/)
    expect(await first.service.verify(first.adminToken!)).toEqual({ kind: 'operator' })
    const second = await createTokenService({ store, vault, env: {}, clock })
    expect(second.adminToken).toBeUndefined()
    expect(await second.service.verify(first.adminToken!)).toEqual({ kind: 'operator' })
    await store.close()
    expect(await allFiles()).not.toContain(first.adminToken!)
  })

  it('comes from MAESTRO_ADMIN_TOKEN when set, and nothing is generated', async () => {
    const { service, adminToken } = await createTokenService({ store, vault, env: { MAESTRO_ADMIN_TOKEN: 'a-long-enough-admin-token' }, clock })
    expect(adminToken).toBeUndefined()
    expect(await service.verify('a-long-enough-admin-token')).toEqual({ kind: 'operator' })
    await expect(service.verify('a-long-enough-admin-tokeN')).rejects.toMatchObject({ code: 'unauthorized' })
  })

  it('refuses a short MAESTRO_ADMIN_TOKEN without echoing it', async () => {
    const err = await createTokenService({ store, vault, env: { MAESTRO_ADMIN_TOKEN: 'short-one' }, clock }).catch((e: Error) => e)
    expect(err).toMatchObject({ code: 'internal' })
    expect((err as Error).message).not.toContain('short-one')
  })
})

describe('tenant tokens', () => {
  const service = async () => (await createTokenService({ store, vault, env: { MAESTRO_ADMIN_TOKEN: 'x'.repeat(20) }, clock })).service

  it('verify to their tenant until they expire', async () => {
    const s = await service()
    const minted = await s.mint('acme', 120)
    expect(minted.expiresAt).toBe('2025-05-01T00:02:00.000Z')
    expect(await s.verify(minted.token)).toEqual({ kind: 'tenant', tenant: 'acme', tokenId: minted.id })
    now += 120_000
    await expect(s.verify(minted.token)).rejects.toMatchObject({ code: 'unauthorized', message: expect.stringContaining('expired') })
  })

  it('stay valid across restarts: the signing key is kept sealed in the store', async () => {
    const minted = await (await service()).mint('acme')
    expect(await (await service()).verify(minted.token)).toMatchObject({ tenant: 'acme' })
    await store.close()
    const files = await allFiles()
    expect(files).toMatch(/"keyId":\s*"k"/)
    expect(files).not.toContain(minted.token)
  })

  it.each([
    { name: 'a changed tenant', forge: (t: string) => { const [p, sig] = t.slice(4).split('.'); const claims = JSON.parse(Buffer.from(p, 'base64url').toString()); claims.t = 'other'; return `mtt_${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${sig}` } },
    { name: 'a stripped signature', forge: (t: string) => t.split('.')[0] },
    { name: 'garbage', forge: () => 'mtt_!!!.???' },
    { name: 'another server\'s token', forge: (t: string) => `${t.split('.')[0]}.${Buffer.alloc(32).toString('base64url')}` },
  ])('refuse $name', async ({ forge }) => {
    const s = await service()
    const { token } = await s.mint('acme')
    await expect(s.verify(forge(token))).rejects.toMatchObject({ code: 'unauthorized' })
  })

  it('are refused once revoked, also by a fresh service on the same store, and concurrent revocations all stick', async () => {
    const s = await service()
    const [a, b, c] = await Promise.all(['acme', 'acme', 'acme'].map((t) => s.mint(t)))
    await Promise.all([s.revoke('acme', a.id), s.revoke('acme', b.id)])
    const fresh = await service()
    for (const t of [a, b]) await expect(fresh.verify(t.token)).rejects.toMatchObject({ message: expect.stringContaining('revoked') })
    expect(await fresh.verify(c.token)).toMatchObject({ tokenId: c.id })
  })

  it('clamp the lifetime to one day', async () => {
    const minted = await (await service()).mint('acme', 10 * 86_400)
    expect(Date.parse(minted.expiresAt) - now).toBe(86_400_000)
  })
})
