/**
 * examples/embed: a host application on its own origin serves a plain HTML page that embeds
 * `<maestro-dashboard>` with a tenant token its backend minted. In headless Chromium the page loads the
 * bundle and the API across origins (CORS), shows only that tenant's connections, is themed by the host's
 * CSS, connects a provider, lets the host veto a request, and renews an expired token through the host.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbedHost, type EmbedHost } from '../examples/embed/host.ts'
import { launchChromium, startSandboxServer, until, watchErrors, type SandboxServer } from './helpers/browser.ts'

let s: SandboxServer
let host: EmbedHost
let browser: Browser
let page: Page
let errors: string[]
let acme: string
let globex: string


const harvestBody = (tenant: string, name: string) => ({ tenant, connector: 'harvest', name, config: { accountId: s.sandbox.harvest.credentials.accountId }, credentials: { accessToken: s.sandbox.harvest.credentials.accessToken } })
const tokenId = (token: string): string => JSON.parse(Buffer.from(token.slice('mtt_'.length).split('.')[0], 'base64url').toString()).i
const runsOf = async (id: string): Promise<number> => (await s.api('GET', `/runs?connection=${id}`)).items.length

beforeAll(async () => {
  let maestroUrl = ''
  // The host must exist first: Maestro's CORS list names its origin.
  host = await startEmbedHost({ maestroUrl: () => maestroUrl, adminToken: '', tenant: 'acme-bakery' })
  s = await startSandboxServer({ corsOrigins: [host.url] })
  maestroUrl = s.url
  await host.close()
  host = await startEmbedHost({ maestroUrl: s.url, adminToken: s.adminToken, tenant: 'acme-bakery', port: Number(new URL(host.url).port) })
  acme = (await s.api('POST', '/connections', harvestBody('acme-bakery', 'Bakery hours'))).id
  globex = (await s.api('POST', '/connections', harvestBody('globex', 'Globex hours'))).id
  await s.syncNow(acme)
  browser = await launchChromium()
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } })
  context.setDefaultTimeout(8000)
  page = await context.newPage()
  errors = watchErrors(page)
  await page.goto(host.url)
})

afterAll(async () => {
  await browser?.close()
  await host?.close()
  await s?.close()
})

describe('examples/embed/index.html', () => {
  it('embeds the dashboard from Maestro\'s origin, showing only the page\'s tenant', async () => {
    expect(new URL(host.url).origin).not.toBe(new URL(s.url).origin)
    await page.locator(`maestro-connection-card article[data-connection="${acme}"]`).waitFor()
    expect(await page.locator('maestro-connection-card article').evaluateAll((els) => els.map((e) => e.getAttribute('data-connection')))).toEqual([acme])
    expect(await page.locator(`[data-connection="${globex}"]`).count()).toBe(0)
    expect(await page.locator('maestro-dashboard .scope').textContent()).toContain('acme-bakery')
    expect(await page.locator('maestro-dashboard [part="brand"]').textContent()).toContain('Connected apps')
    // The host's page is still the host's.
    expect(await page.locator('header.topbar strong').textContent()).toBe('Acme HR')
  })

  it('takes the host\'s theme through custom properties and parts', async () => {
    const add = page.locator('maestro-overview-view').getByRole('button', { name: 'Add connection' })
    expect(await add.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(15, 118, 110)')
    expect(await page.locator('maestro-dashboard [part="brand"]').evaluate((el) => getComputedStyle(el).fontWeight)).toBe('400')
  })

  it('connects a provider for the tenant and tells the host page', async () => {
    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('button', { name: 'Add connection' }).click()
    await page.getByRole('button', { name: 'Connect BambooHR' }).click()
    const form = page.locator('maestro-connect-form')
    expect(await form.getByLabel('Tenant').count()).toBe(0)
    const { companyDomain, apiKey } = s.sandbox.bamboohr.credentials
    await form.getByLabel('Company domain').fill(companyDomain)
    await form.getByLabel('API key', { exact: true }).fill(apiKey)
    await form.getByRole('button', { name: 'Connect' }).click()
    await until(async () => (await page.title()) === 'Acme HR · bamboohr connected', 'the host page to hear maestro-connected')
    const mine = (await s.api('GET', '/connections?connector=bamboohr')).items
    expect(mine).toHaveLength(1)
    expect(mine[0]).toMatchObject({ tenant: 'acme-bakery', status: 'active' })
  })

  it('lets the host veto a request, and carries on with a fresh token after the old one is revoked', async () => {
    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('button', { name: 'Connections' }).click()
    const card = page.locator(`maestro-connection-card article[data-connection="${acme}"]`)
    const before = await runsOf(acme)
    await page.evaluate(() => document.querySelector('maestro-dashboard')!.addEventListener('maestro-sync-requested', (e) => e.preventDefault(), { once: true }))
    await card.getByRole('button', { name: 'Sync now' }).click()
    // Proving an absence needs a moment: a sync that was not vetoed would be listed within it.
    await new Promise((r) => setTimeout(r, 400))
    expect(await runsOf(acme)).toBe(before)

    const dashboard = page.locator('maestro-dashboard')
    const oldToken = await dashboard.evaluate((el) => (el as HTMLElement & { token: string }).token)
    await s.api('DELETE', `/tenants/acme-bakery/tokens/${tokenId(oldToken)}`)
    await card.getByRole('button', { name: 'Sync now' }).click()
    await until(async () => (await runsOf(acme)) === before + 1, 'the one allowed sync')
    await s.waitForSync(acme)
    expect(await runsOf(acme)).toBe(before + 1)
    const newToken = await dashboard.evaluate((el) => (el as HTMLElement & { token: string }).token)
    expect(newToken).not.toBe(oldToken)
    expect(newToken.startsWith('mtt_')).toBe(true)
  })

  it('logged no uncaught error (no CORS refusal either)', () => {
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([])
  })
})
