import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../testing/harness.ts'
import { serveDashboard } from './dashboard.ts'

let dist: string
let app: Hono
let h: Harness
const JS = 'export const hello = "maestro";\n'.repeat(40)

beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), 'maestro-dist-'))
  await mkdir(join(dist, 'assets'))
  await writeFile(join(dist, 'index.html'), '<!doctype html><script type="module" src="/assets/maestro-dashboard.js"></script>')
  await writeFile(join(dist, 'assets', 'maestro-dashboard.js'), JS)
  await writeFile(join(dist, 'assets', 'maestro-dashboard.js.gz'), gzipSync(JS))
  app = new Hono()
  app.use('*', serveDashboard({ distDir: dist, build: false }) as never)
  app.all('*', (c) => c.text('next', 404))
  h = await createHarness()
})

afterAll(async () => {
  await rm(dist, { recursive: true, force: true })
  await h.close()
})

describe('serveDashboard', () => {
  it.each([
    { name: 'the page at /', path: '/', type: 'text/html', csp: true },
    { name: 'the page at /index.html', path: '/index.html', type: 'text/html', csp: true },
    { name: 'the bundle', path: '/assets/maestro-dashboard.js', type: 'text/javascript', csp: false },
  ])('serves $name', async ({ path, type, csp }) => {
    const res = await app.request(path)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain(type)
    expect(res.headers.get('cache-control')).toBe('no-cache')
    expect(Boolean(res.headers.get('content-security-policy')?.includes("frame-ancestors 'none'"))).toBe(csp)
  })

  it('sends the gzipped copy to clients that accept it', async () => {
    const res = await app.request('/assets/maestro-dashboard.js', { headers: { 'accept-encoding': 'gzip, br' } })
    expect(res.headers.get('content-encoding')).toBe('gzip')
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()).toBe(JS)
    const plain = await app.request('/assets/maestro-dashboard.js')
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(await plain.text()).toBe(JS)
  })

  it('answers 304 to a matching ETag', async () => {
    const first = await app.request('/assets/maestro-dashboard.js')
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^"[\w-]+"$/)
    const again = await app.request('/assets/maestro-dashboard.js', { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
  })

  it.each([
    { name: 'a missing asset', method: 'GET', path: '/assets/nope.js' },
    { name: 'a traversal attempt', method: 'GET', path: '/assets/..%2Fbuild.json' },
    { name: 'a precompressed file by name', method: 'GET', path: '/assets/maestro-dashboard.js.gz' },
    { name: 'a nested path', method: 'GET', path: '/assets/a/b.js' },
    { name: 'a POST to the page', method: 'POST', path: '/' },
  ])('passes on $name', async ({ method, path }) => {
    const res = await app.request(path, { method })
    expect(res.status).toBe(404)
    expect(await res.text()).toBe('next')
  })

  it('is mounted by createApp without a token, and builds the real dashboard on first request', async () => {
    const page = await h.app.request('/')
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<maestro-app>')
    const bundle = await h.app.request('/assets/maestro-dashboard.js')
    expect(bundle.status).toBe(200)
    const js = await bundle.text()
    expect(js).toContain('maestro-dashboard')
    // No runtime CDN: the bundle imports nothing from anywhere.
    expect(js).not.toMatch(/\bimport\s*\(?\s*["']https?:/)
    expect((await h.app.request('/connections')).status).toBe(401)
  })
})
