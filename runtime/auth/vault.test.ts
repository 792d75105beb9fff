import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { MaestroError } from '../errors.ts'
import { createMemoryStore } from './testing/memory-store.ts'
import { createVault, createVaultFromKeys, parseKeys } from './vault.ts'

const b64 = () => randomBytes(32).toString('base64')
const dirs: string[] = []
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'maestro-vault-'))
  dirs.push(d)
  return d
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

const captureLogger = () => {
  const lines: string[] = []
  return { lines, warn: (m: string) => { lines.push(m) } }
}

describe('vault', () => {
  it('round-trips a JSON object and never leaves the plaintext in the ciphertext', () => {
    const vault = createVaultFromKeys([{ id: 'k1', key: randomBytes(32) }])
    const sealed = vault.seal({ accessToken: 'tok-plain-123', n: 1 })
    expect(sealed.keyId).toBe('k1')
    expect(JSON.stringify(sealed)).not.toContain('tok-plain-123')
    expect(vault.unseal(sealed)).toEqual({ accessToken: 'tok-plain-123', n: 1 })
  })

  it('uses a fresh IV each time', () => {
    const vault = createVaultFromKeys([{ id: 'k1', key: randomBytes(32) }])
    expect(vault.seal({ a: 1 }).iv).not.toBe(vault.seal({ a: 1 }).iv)
  })

  it.each([
    { name: 'unknown key id', mutate: (s: Record<string, string>) => ({ ...s, keyId: 'other' }) },
    { name: 'altered data', mutate: (s: Record<string, string>) => ({ ...s, data: Buffer.from('x' + s.data).toString('base64') }) },
    { name: 'altered tag', mutate: (s: Record<string, string>) => ({ ...s, tag: randomBytes(16).toString('base64') }) },
  ])('$name → credentials_unreadable', ({ mutate }) => {
    const vault = createVaultFromKeys([{ id: 'k1', key: randomBytes(32) }])
    const sealed = mutate(vault.seal({ a: 1 }) as unknown as Record<string, string>)
    expect(() => vault.unseal(sealed as never)).toThrow(expect.objectContaining({ code: 'credentials_unreadable' }))
  })

  it('seals text into one compact token', () => {
    const vault = createVaultFromKeys([{ id: 'k1', key: randomBytes(32) }])
    const token = vault.sealText('verifier-abc')
    expect(token).not.toContain('verifier-abc')
    expect(vault.unsealText(token)).toBe('verifier-abc')
  })

  it.each([
    { name: 'bare key gets a fingerprint id', text: () => b64(), id: /^k[0-9a-f]{10}$/ },
    { name: 'named keys keep their ids', text: () => `main:${b64()},old:${b64()}`, id: /^main$/ },
  ])('parseKeys: $name', ({ text, id }) => {
    expect(parseKeys(text())[0].id).toMatch(id)
  })

  it.each([
    { name: 'short key', text: 'abc' },
    { name: 'bad id', text: `bad id:${randomBytes(32).toString('base64')}` },
    { name: 'duplicate ids', text: `a:${randomBytes(32).toString('base64')},a:${randomBytes(32).toString('base64')}` },
  ])('parseKeys rejects $name without echoing the key', ({ text }) => {
    let err: unknown
    try { parseKeys(text) } catch (e) { err = e }
    expect(err).toBeInstanceOf(MaestroError)
    const key = text.split(':').pop() as string
    expect((err as Error).message).not.toContain(key)
  })

  it('generates a 0600 key file on first run with a warning that never prints the key, then reuses it', async () => {
    const dir = join(await tempDir(), 'data')
    const log = captureLogger()
    const first = await createVault({ dataDir: dir, env: {}, logger: log })
    const file = join(dir, 'secret.key')
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    const key = (await readFile(file, 'utf8')).trim().split(':')[1]
    expect(log.lines).toHaveLength(1)
    expect(log.lines[0]).toContain(first.currentKeyId)
    expect(log.lines[0]).not.toContain(key)

    const sealed = first.seal({ s: 'x' })
    const again = await createVault({ dataDir: dir, env: {}, logger: log })
    expect(again.currentKeyId).toBe(first.currentKeyId)
    expect(again.unseal(sealed)).toEqual({ s: 'x' })
    expect(log.lines).toHaveLength(1)
  })

  it('warns about a key file readable by others', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'secret.key'), `f:${b64()}\n`, { mode: 0o644 })
    const log = captureLogger()
    await createVault({ dataDir: dir, env: {}, logger: log })
    expect(log.lines.join('\n')).toMatch(/chmod 600/)
  })

  it('prefers MAESTRO_SECRET_KEY and generates nothing', async () => {
    const dir = await tempDir()
    const log = captureLogger()
    const vault = await createVault({ dataDir: dir, env: { MAESTRO_SECRET_KEY: `env1:${b64()}` }, logger: log })
    expect(vault.currentKeyId).toBe('env1')
    await expect(stat(join(dir, 'secret.key'))).rejects.toThrow()
    expect(log.lines).toEqual([])
  })

  it('keeps file keys readable beside env keys, and rotate migrates every connection to the current key', async () => {
    const dir = await tempDir()
    const old = await createVault({ dataDir: dir, env: {}, logger: captureLogger() })
    const store = createMemoryStore()
    const now = new Date().toISOString()
    for (const id of ['c1', 'c2']) {
      await store.createConnection({ id, tenant: 't', connector: 'x', status: 'active', config: {}, credentials: old.seal({ token: id }), createdAt: now, updatedAt: now })
    }
    await store.createConnection({ id: 'c3', tenant: 't', connector: 'x', status: 'active', config: {}, credentials: null, createdAt: now, updatedAt: now })
    await store.createConnection({ id: 'c4', tenant: 't', connector: 'x', status: 'active', config: {}, credentials: { keyId: 'lost', iv: 'a', tag: 'b', data: 'c' }, createdAt: now, updatedAt: now })

    const vault = await createVault({ dataDir: dir, env: { MAESTRO_SECRET_KEY: `new:${b64()}` }, logger: captureLogger() })
    expect(vault.currentKeyId).toBe('new')
    expect(await vault.rotate(store)).toEqual({ rotated: 2, unreadable: ['c4'] })
    for (const id of ['c1', 'c2']) {
      const c = await store.getConnection(id)
      expect(c?.credentials?.keyId).toBe('new')
      expect(() => old.unseal(c!.credentials!)).toThrow(expect.objectContaining({ code: 'credentials_unreadable' }))
      expect(vault.unseal(c!.credentials!)).toEqual({ token: id })
    }
    expect(await vault.rotate(store)).toEqual({ rotated: 0, unreadable: ['c4'] })
  })
})
