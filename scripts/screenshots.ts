/**
 * @module `npx tsx scripts/screenshots.ts`: PNG screenshots of the dashboard for the README, taken in
 * headless Chromium against `maestro serve --sandbox` with a few tenants' connections: the operator's
 * overview, a connection's detail during a live sync, the connect form, and the overview at 360 px.
 * Written to docs/screenshots/.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { launchChromium, startSandboxServer, type SandboxServer } from '../test/helpers/browser.ts'
import { consent } from '../test/helpers/oauth-server.ts'

const OUT = join(import.meta.dirname, '..', 'docs', 'screenshots')

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 40))
  }
}

/** Connections of three tenants in every state an operator meets. */
async function seed(s: SandboxServer): Promise<{ harvest: string }> {
  const h = s.sandbox.harvest.credentials
  const b = s.sandbox.bamboohr.credentials
  const create = (body: object) => s.api('POST', '/connections', body)
  const sync = (id: string) => s.syncNow(id)

  const harvest = await create({ tenant: 'acme-bakery', connector: 'harvest', name: 'Acme time tracking', config: { accountId: h.accountId }, credentials: { accessToken: h.accessToken }, schedule: '0 * * * *' })
  await sync(harvest.id)
  // More runs with changes upstream, one of them bringing an invalid record, so the chart and the
  // history have something to show.
  const users = [...s.sandbox.harvest.data.users.keys()]
  const entries = [...s.sandbox.harvest.data.timeEntries.keys()]
  for (const [i, [u, t]] of [[6, 40], [14, 90], [3, 25], [20, 160], [9, 60], [12, 110]].entries()) {
    for (const id of users.slice(0, u)) s.sandbox.harvest.update('users', id as never, { first_name: `Name${i}` } as never)
    for (const id of entries.slice(0, t)) s.sandbox.harvest.update('timeEntries', id as never, { notes: `Edited ${i}` } as never)
    // A user whose email the canonical Employee model refuses: reported as an invalid record, the rest stored.
    if (i === 3) s.sandbox.harvest.add('users', { email: 'not-an-email' } as never)
    await sync(harvest.id)
  }
  const bamboo = await create({ tenant: 'acme-bakery', connector: 'bamboohr', name: 'Acme people', config: { companyDomain: b.companyDomain }, credentials: { apiKey: b.apiKey } })
  await sync(bamboo.id)

  const qbo = await create({ tenant: 'acme-bakery', connector: 'quickbooks', name: 'Acme books' })
  const { url } = await s.api('POST', `/connections/${qbo.id}/authorize`, {})
  await fetch(await consent(url, `${s.url}/oauth/callback`), { headers: { accept: 'text/html' } })
  await sync(qbo.id)

  const globex = await create({ tenant: 'globex', connector: 'harvest', name: 'Globex timesheets', config: { accountId: h.accountId }, credentials: { accessToken: 'revoked-long-ago' } })
  await sync(globex.id)
  const initech = await create({ tenant: 'initech', connector: 'bamboohr', name: 'Initech HRIS', config: { companyDomain: b.companyDomain }, credentials: { apiKey: b.apiKey } })
  await sync(initech.id)
  await s.api('POST', `/connections/${initech.id}/pause`)
  return { harvest: harvest.id }
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready)
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: false })
  console.log(`  docs/screenshots/${name}.png`)
}

const s = await startSandboxServer()
const browser = await launchChromium()
try {
  await mkdir(OUT, { recursive: true })
  const { harvest } = await seed(s)
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 })
  const page = await context.newPage()
  const nav = (name: string) => page.getByRole('navigation', { name: 'Dashboard' }).getByRole('button', { name })
  await page.goto(`${s.url}/#token=${s.adminToken}`)
  await page.locator(`maestro-connection-card article[data-connection="${harvest}"]`).waitFor()
  await shoot(page, 'overview')

  // Detail during a sync: a slower provider keeps the run going long enough to catch it mid-way.
  for (const id of [...s.sandbox.harvest.data.timeEntries.keys()].slice(0, 220)) s.sandbox.harvest.update('timeEntries', id as never, { notes: 'Edited again' } as never)
  s.sandbox.harvest.faults.next(8, { kind: 'delay', ms: 900 })
  await page.setViewportSize({ width: 1280, height: 1000 })
  await page.locator(`maestro-connection-card article[data-connection="${harvest}"]`).getByRole('button', { name: /^Details/ }).click()
  await page.locator('maestro-connection-header').getByRole('button', { name: 'Sync now' }).click()
  const bar = page.getByRole('progressbar', { name: 'Sync progress' })
  await until(async () => {
    const value = (await bar.count()) > 0 ? Number(await bar.getAttribute('aria-valuenow')) : 0
    return value >= 35 && value < 90
  }, 'the sync to be under way')
  await page.mouse.move(0, 0)
  // Let the bar's width transition finish.
  await page.waitForTimeout(400)
  await shoot(page, 'connection-detail-syncing')
  await until(async () => (await bar.getAttribute('data-status')) !== 'running', 'the sync to end')
  s.sandbox.harvest.faults.clear()

  await page.setViewportSize({ width: 1280, height: 860 })
  await nav('Add connection').click()
  await page.getByRole('button', { name: 'Connect Harvest' }).click()
  const form = page.locator('maestro-connect-form')
  await form.getByLabel('Account ID').fill(s.sandbox.harvest.credentials.accountId)
  await form.getByLabel('Personal access token', { exact: true }).fill(s.sandbox.harvest.credentials.accessToken)
  await form.getByLabel('Tenant').fill('acme-bakery')
  await form.getByLabel('Connection name (optional)').fill('Second Harvest account')
  await page.mouse.move(0, 0)
  await shoot(page, 'connect-form')

  await page.setViewportSize({ width: 360, height: 780 })
  await nav('Connections').click()
  await page.locator('maestro-connection-card').first().waitFor()
  await shoot(page, 'overview-mobile')
} finally {
  await browser.close()
  await s.close()
}
