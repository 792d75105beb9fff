/**
 * @module The vault: AES-256-GCM sealing of credentials, with the id of the sealing key stored beside each
 * ciphertext so keys can rotate.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { MaestroError } from '../errors.ts'
import type { Connection, SealedSecret, Store } from '../store/types.ts'
import type { Logger } from './types.ts'

/** One AES-256 key and its id. */
export interface VaultKey {
  id: string
  key: Buffer
}

/** Seals and unseals connection secrets. */
export interface Vault {
  /** Id of the key new ciphertexts are sealed with. */
  readonly currentKeyId: string
  seal(value: Record<string, unknown>): SealedSecret
  /** @throws MaestroError `credentials_unreadable` for an unknown key id or a ciphertext that fails authentication. */
  unseal<T extends object = Record<string, unknown>>(sealed: SealedSecret): T
  /** A string sealed into one compact token, for short-lived values stored outside credentials (PKCE verifiers). */
  sealText(text: string): string
  unsealText(token: string): string
  /** Re-encrypt every connection's credentials with the current key. */
  rotate(store: Pick<Store, 'listConnections' | 'updateConnection'>): Promise<{ rotated: number; unreadable: string[] }>
}

export interface VaultOptions {
  /** Reads `MAESTRO_SECRET_KEY`; defaults to `process.env`. */
  env?: Record<string, string | undefined>
  /** Where `secret.key` is generated when no key is configured. */
  dataDir: string
  logger?: Pick<Logger, 'warn'>
}

const KEY_FILE = 'secret.key'
const KEY_HINT = 'MAESTRO_SECRET_KEY is a base64 32-byte key, or a list `id1:key1,id2:key2` whose first entry seals new data (generate one with `openssl rand -base64 32`).'
const ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/

/** A short, non-reversible fingerprint naming a key given without an id. */
function fingerprint(key: Buffer): string {
  return `k${createHash('sha256').update(key).digest('hex').slice(0, 10)}`
}

/**
 * Parse a key list: `base64` or `id1:base64,id2:base64`. Errors name the position, never the key.
 * @example
 * parseKeys(`main:${randomBytes(32).toString('base64')}`)[0].id // 'main'
 */
export function parseKeys(text: string, source = 'MAESTRO_SECRET_KEY'): VaultKey[] {
  const entries = text.split(',').map((s) => s.trim()).filter(Boolean)
  if (entries.length === 0) throw new MaestroError('internal', `${source} is empty.`, { hint: KEY_HINT })
  const keys = entries.map((entry, i) => {
    const colon = entry.indexOf(':')
    const id = colon >= 0 ? entry.slice(0, colon) : undefined
    const key = Buffer.from(colon >= 0 ? entry.slice(colon + 1) : entry, 'base64')
    if (key.length !== 32) throw new MaestroError('internal', `${source}: entry ${i + 1} is not a base64 32-byte key.`, { hint: KEY_HINT })
    if (id !== undefined && !ID_PATTERN.test(id)) throw new MaestroError('internal', `${source}: entry ${i + 1} has an invalid key id.`, { hint: KEY_HINT })
    return { id: id ?? fingerprint(key), key }
  })
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new MaestroError('internal', `${source} lists a key id twice.`, { hint: KEY_HINT })
  return keys
}

/**
 * A vault over known keys; the first one seals.
 * @example
 * const vault = createVaultFromKeys([{ id: 'k1', key: randomBytes(32) }])
 * vault.unseal(vault.seal({ apiKey: 'x' })) // { apiKey: 'x' }
 */
export function createVaultFromKeys(keys: VaultKey[]): Vault {
  if (keys.length === 0) throw new MaestroError('internal', 'The vault needs at least one key.', { hint: KEY_HINT })
  const byId = new Map(keys.map((k) => [k.id, k.key]))
  const current = keys[0]

  const seal = (value: Record<string, unknown>): SealedSecret => {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', current.key, iv)
    const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()])
    return { keyId: current.id, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') }
  }

  const unseal = <T extends object>(sealed: SealedSecret): T => {
    const key = byId.get(sealed.keyId)
    if (!key) throw new MaestroError('credentials_unreadable', `Credentials were sealed with key "${sealed.keyId}", which is not configured.`)
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'))
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'))
      const text = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8')
      return JSON.parse(text) as T
    } catch (cause) {
      // The cause is GCM's "unable to authenticate data": it carries no secret material.
      throw new MaestroError('credentials_unreadable', `Credentials sealed with key "${sealed.keyId}" failed to decrypt: wrong key or altered data.`, { cause })
    }
  }

  return {
    currentKeyId: current.id,
    seal,
    unseal,
    sealText(text) {
      const s = seal({ t: text })
      return [s.keyId, s.iv, s.tag, s.data].join('.')
    },
    unsealText(token) {
      const [keyId, iv, tag, data] = token.split('.')
      if (!keyId || !iv || !tag || !data) throw new MaestroError('credentials_unreadable', 'A sealed value is malformed.')
      return unseal<{ t: string }>({ keyId, iv, tag, data }).t
    },
    async rotate(store) {
      let rotated = 0
      const unreadable: string[] = []
      for (const c of await store.listConnections()) {
        if (!c.credentials || c.credentials.keyId === current.id) continue
        try {
          await store.updateConnection(c.id, (fresh: Connection) => {
            if (!fresh.credentials || fresh.credentials.keyId === current.id) return fresh
            return { ...fresh, credentials: seal(unseal(fresh.credentials)), updatedAt: new Date().toISOString() }
          })
          rotated++
        } catch (err) {
          if (err instanceof MaestroError && err.code === 'credentials_unreadable') unreadable.push(c.id)
          else throw err
        }
      }
      return { rotated, unreadable }
    },
  }
}

/**
 * Open the vault: keys from `MAESTRO_SECRET_KEY`, else `<dataDir>/secret.key`, generated (0600, with a
 * warning) on first run. When both exist, the file's keys stay readable so `rotate` can migrate old data.
 * @example
 * const vault = await createVault({ dataDir: './data', logger: console })
 */
export async function createVault(options: VaultOptions): Promise<Vault> {
  const env = options.env ?? process.env
  const logger = options.logger ?? console
  const file = join(options.dataDir, KEY_FILE)
  const fromEnv = env.MAESTRO_SECRET_KEY?.trim() ? parseKeys(env.MAESTRO_SECRET_KEY) : []
  let fromFile = await readKeyFile(file, logger)
  if (!fromFile && fromEnv.length === 0) fromFile = await generateKeyFile(file, logger)
  const keys = [...fromEnv]
  for (const k of fromFile ?? []) if (!keys.some((e) => e.id === k.id)) keys.push(k)
  return createVaultFromKeys(keys)
}

async function readKeyFile(file: string, logger: Pick<Logger, 'warn'>): Promise<VaultKey[] | undefined> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new MaestroError('internal', `Cannot read the secret key file ${file}.`, { cause: err })
  }
  const mode = (await stat(file)).mode & 0o777
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    logger.warn(`The secret key file ${file} is readable by other users (mode ${mode.toString(8)}); run \`chmod 600 ${file}\`.`)
  }
  return parseKeys(text, file)
}

async function generateKeyFile(file: string, logger: Pick<Logger, 'warn'>): Promise<VaultKey[]> {
  const key = randomBytes(32)
  const id = `gen-${new Date().toISOString().slice(0, 10)}-${randomBytes(3).toString('hex')}`
  await mkdir(join(file, '..'), { recursive: true })
  try {
    // `wx`: never overwrite a key another process just wrote; mode applies at creation.
    await writeFile(file, `${id}:${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return (await readKeyFile(file, logger)) ?? []
    throw new MaestroError('internal', `Cannot write the secret key file ${file}.`, { cause: err })
  }
  logger.warn(`No MAESTRO_SECRET_KEY set: generated a secret key (id ${id}) in ${file}. Back it up — stored credentials cannot be read without it.`)
  return [{ id, key }]
}
