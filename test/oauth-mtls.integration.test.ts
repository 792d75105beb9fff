/**
 * ADP-style mutual TLS: a node:https server on 127.0.0.1 that demands a client certificate from a CA made
 * in this test with the openssl CLI, serving a client-credentials token endpoint and an API route. The app's
 * certificate must be presented on the token call and on every API call.
 */
import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, request, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import type { TLSSocket } from 'node:tls'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppRegistry } from '../runtime/auth/apps.ts'
import { createMtlsFetch, mtlsFetch } from '../runtime/auth/mtls-fetch.ts'
import { createTokenManager } from '../runtime/auth/token-manager.ts'
import { createWorld, type World } from '../runtime/auth/testing/oauth-world.ts'

const CLIENT = { clientId: '4b1f5e0c-9d7a-4c55-8f0e-3f2a1b6c7d8e', clientSecret: `adp-${randomBytes(16).toString('hex')}` }
let dir: string
let server: Server
let base: string
let world: World
const peers: string[] = []
const tokens = new Set<string>()

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })
}

/** A CA, and a certificate it signs for `cn` with the given extensions. */
async function makePki(): Promise<void> {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  for (const ca of ['ca', 'rogue-ca']) openssl('req', '-x509', ...ec, '-keyout', `${ca}.key`, '-out', `${ca}.pem`, '-days', '1', '-subj', `/CN=${ca}`)
  const sign = async (name: string, cn: string, ca: string, ext: string) => {
    await writeFile(join(dir, `${name}.ext`), ext)
    openssl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`)
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.pem`, '-days', '1', '-extfile', `${name}.ext`)
  }
  await sign('server', '127.0.0.1', 'ca', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n')
  await sign('client', 'maestro-adp-client', 'ca', 'extendedKeyUsage=clientAuth\n')
  await sign('rogue', 'maestro-adp-client', 'rogue-ca', 'extendedKeyUsage=clientAuth\n')
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'maestro-mtls-'))
  await makePki()
  const pem = (f: string) => readFile(join(dir, f))
  server = createServer({ key: await pem('server.key'), cert: await pem('server.pem'), ca: await pem('ca.pem'), requestCert: true, rejectUnauthorized: true }, async (req, res) => {
    const peer = (req.socket as TLSSocket).getPeerCertificate()
    peers.push(`${req.method} ${req.url} ${peer.subject?.CN}`)
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const body = new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
    const json = (status: number, value: unknown) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(value)) }
    if (req.method === 'POST' && req.url === '/auth/oauth/v2/token') {
      if (body.get('grant_type') !== 'client_credentials' || body.get('client_id') !== CLIENT.clientId || body.get('client_secret') !== CLIENT.clientSecret) return json(401, { error: 'invalid_client' })
      const t = `adp-at-${randomBytes(12).toString('hex')}`
      tokens.add(t)
      return json(200, { access_token: t, token_type: 'Bearer', expires_in: 3600, scope: 'api' })
    }
    if (req.method === 'GET' && req.url === '/hr/v2/workers') {
      if (!tokens.has(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '')) return json(401, { error: 'invalid_token' })
      return json(200, { workers: [{ associateOID: 'G3349K45KM6D9WH7' }] })
    }
    if (req.method === 'DELETE') { res.writeHead(204).end(); return }
    json(404, {})
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`

  world = await createWorld()
  world.addConnector({
    id: 'adp',
    http: { baseUrl: base },
    auth: { type: 'oauth2_client_credentials', tokenUrl: `${base}/auth/oauth/v2/token`, tokenAuth: 'client_secret_post', mtls: true },
  }, { ...CLIENT, mtlsCert: join(dir, 'client.pem'), mtlsKey: join(dir, 'client.key'), mtlsCa: join(dir, 'ca.pem') })
})

afterAll(async () => {
  server?.closeAllConnections()
  await new Promise((r) => server?.close(r))
  await world?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('mutual TLS (ADP)', () => {
  it('presents the app certificate on the token call and on API calls through resolveAuth().fetch', async () => {
    // No test fetch here: the transport must be the real mTLS one.
    const { fetch: _ignored, ...deps } = world.deps()
    const manager = createTokenManager(deps)
    const connection = await world.newConnection('adp', { status: 'active' })
    const resolved = await manager.resolveAuth(connection)
    expect(resolved.fetch).toBeTypeOf('function')
    const token = await resolved.tokenProvider!.accessToken()
    world.secrets.add(token)
    const res = await resolved.fetch!(`${base}/hr/v2/workers`, { headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ workers: [{ associateOID: 'G3349K45KM6D9WH7' }] })
    expect(peers.slice(-2)).toEqual(['POST /auth/oauth/v2/token maestro-adp-client', 'GET /hr/v2/workers maestro-adp-client'])
  })

  it.each([
    {
      // Trusts the server's CA, so only the missing client certificate can fail the call.
      name: 'no client certificate',
      init: async () => {
        const ca = await readFile(join(dir, 'ca.pem'))
        return new Promise((resolve, reject) => {
          const req = request(`${base}/hr/v2/workers`, { ca }, (res) => { res.resume(); res.on('end', resolve) })
          req.on('error', reject)
          req.end()
        })
      },
    },
    {
      name: 'a certificate from another CA',
      init: async () => createMtlsFetch({ cert: await readFile(join(dir, 'rogue.pem')), key: await readFile(join(dir, 'rogue.key')), ca: await readFile(join(dir, 'ca.pem')) })(`${base}/hr/v2/workers`).then((r) => r.text()),
    },
  ])('the server refuses $name', async ({ init }) => {
    const before = peers.length
    await expect(init()).rejects.toThrow()
    expect(peers.length).toBe(before)
  })

  it('speaks fetch: bodies, headers, statuses without body', async () => {
    const f = mtlsFetch(createAppRegistry({ adp: world.apps.adp }).require('adp'))
    const token = await f(`${base}/auth/oauth/v2/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret }),
    })
    expect(token.status).toBe(200)
    expect(token.headers.get('content-type')).toBe('application/json')
    const { access_token } = await token.json() as { access_token: string }
    world.secrets.add(access_token)
    const gone = await f(`${base}/anything`, { method: 'DELETE' })
    expect(gone.status).toBe(204)
    expect(await gone.text()).toBe('')
    expect((await f(`${base}/missing`)).status).toBe(404)
  })

  it.each([
    { name: 'certificate paths unset', app: { clientId: 'x' }, message: /needs mtlsCert and mtlsKey/ },
    { name: 'unreadable key file', app: { clientId: 'x', mtlsCert: '/nonexistent/c.pem', mtlsKey: '/nonexistent/k.pem' }, message: /Cannot read the adp app's mtlsCert file/ },
  ])('$name → app_not_configured', ({ app, message }) => {
    const registered = createAppRegistry({ adp: app }).require('adp')
    expect(() => mtlsFetch(registered)).toThrow(expect.objectContaining({ code: 'app_not_configured', message: expect.stringMatching(message) }))
  })

  it('leaves no secret on disk, in logs or events', async () => {
    world.secrets.add(CLIENT.clientSecret)
    expect(await world.leaks()).toEqual([])
  })
})
