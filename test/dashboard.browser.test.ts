/**
 * The admin dashboard in real headless Chromium against a real `maestro serve --sandbox` (lowdb store,
 * the real connectors, provider simulators, the local OAuth server): an admin connects Harvest through the
 * generated form and QuickBooks through the consent page, syncs and watches the progress bar reach the
 * end, browses records, fixes a connection that needs re-authorization, pauses, reschedules and deletes;
 * a tenant's own dashboard never shows another tenant's connections; it works at 360 px and by keyboard.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, startSandboxServer, until, watchErrors, type SandboxServer } from './helpers/browser.ts'

let s: SandboxServer
let browser: Browser
let context: BrowserContext
let page: Page
let errors: string[]
let harvestId: string


/**
 * Approve on the sandbox authorization server until the dashboard closes the popup: it asks twice (sign
 * in, then consent), as a real provider may.
 */
async function approveConsent(popup: Page): Promise<number> {
  const closed = popup.waitForEvent('close', { timeout: 15_000 })
  let approvals = 0
  for (let i = 0; i < 4; i++) {
    const next = await Promise.race([closed.then(() => 'closed' as const), popup.getByRole('button', { name: 'Approve' }).waitFor().then(() => 'form' as const)])
    if (next === 'closed') break
    const at = popup.url()
    await popup.getByRole('button', { name: 'Approve' }).click()
    approvals++
    await popup.waitForURL((u) => u.href !== at).catch(() => undefined)
  }
  await closed
  return approvals
}

const nav = (name: string): Locator => page.getByRole('navigation', { name: 'Dashboard' }).getByRole('button', { name })
const heading = (p: Page = page): Locator => p.locator('maestro-connection-header h1')
/** Errors the browser logs for answers the test provoked on purpose (403, 400) are not failures. */
const unexpected = (list: string[]) => list.filter((e) => !/Failed to load resource: the server responded with a status of (400|403|404)/.test(e))

beforeAll(async () => {
  s = await startSandboxServer()
  browser = await launchChromium()
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  // Well under the test timeout, so a missing element fails with Playwright's own explanation.
  context.setDefaultTimeout(8000)
  page = await context.newPage()
  errors = watchErrors(page)
  await page.goto(`${s.url}/#token=${s.adminToken}`)
  await page.locator('maestro-overview-view h1').waitFor()
})

afterAll(async () => {
  await browser?.close()
  await s?.close()
})

describe('the dashboard served at /', () => {
  it('signs in from #token= and takes the token out of the address bar', async () => {
    expect(page.url()).toBe(`${s.url}/`)
    expect(await page.evaluate(() => sessionStorage.getItem('maestro.token'))).toBe(s.adminToken)
    expect(await page.locator('maestro-dashboard .scope').textContent()).toContain('Operator console')
    await page.getByText('No connections yet').waitFor()
  })

  it('connects Harvest with an API key through the form generated from its manifest', async () => {
    await nav('Add connection').click()
    await page.getByRole('searchbox', { name: 'Search connectors' }).fill('harv')
    expect(await page.locator('maestro-connector-catalog [data-connector]').count()).toBe(1)
    await page.getByRole('button', { name: 'Connect Harvest' }).click()

    const form = page.locator('maestro-connect-form')
    expect(await form.getByLabel('Personal access token', { exact: true }).getAttribute('type')).toBe('password')
    // Checked in the browser before anything is sent.
    await form.getByLabel('Account ID').fill('not-a-number')
    await form.getByRole('button', { name: 'Connect' }).click()
    await form.getByText('Account ID must match the expected format').waitFor()
    await form.getByText('Personal access token is required.').waitFor()
    expect((await s.api('GET', '/connections')).items).toHaveLength(0)

    // What only the server knows comes back by field path: here a body that skipped the browser's checks.
    await form.evaluate((el) => el.dispatchEvent(Object.assign(new Event('maestro-connect-submit', { bubbles: true, composed: true, cancelable: true }),
      { body: { connector: 'harvest', config: { accountId: 'x1' } } })))
    await form.locator('[data-field="accessToken"] .error-text').getByText('is required').waitFor()
    await form.locator('[data-field="accountId"] .error-text').getByText('must match pattern').waitFor()

    const { accountId, accessToken } = s.sandbox.harvest.credentials
    await form.getByLabel('Account ID').fill(accountId)
    await form.getByLabel('Personal access token', { exact: true }).fill(accessToken)
    await form.getByRole('button', { name: 'Show Personal access token' }).click()
    expect(await form.getByLabel('Personal access token', { exact: true }).getAttribute('type')).toBe('text')
    await form.getByLabel('Tenant').fill('acme-bakery')
    await form.getByLabel('Connection name (optional)').fill('Acme time tracking')
    await form.getByRole('button', { name: 'Connect' }).click()

    await until(async () => (await heading().textContent())?.includes('Acme time tracking'), 'the new connection\'s page')
    await page.getByText('Harvest connected').waitFor()
    const [created] = (await s.api('GET', '/connections')).items
    expect(created).toMatchObject({ tenant: 'acme-bakery', connector: 'harvest', name: 'Acme time tracking', status: 'active', credentialsSet: true })
    harvestId = created.id
  })

  it('syncs now and the live progress bar reaches the end', async () => {
    // A slower provider makes the run long enough to watch.
    s.sandbox.harvest.faults.next(6, { kind: 'delay', ms: 150 })
    await page.locator('maestro-connection-header').getByRole('button', { name: 'Sync now' }).click()
    const bar = page.getByRole('progressbar', { name: 'Sync progress' })
    const seen: number[] = []
    await until(async () => {
      if (!(await bar.count())) return false
      const value = Number(await bar.getAttribute('aria-valuenow'))
      if (seen.at(-1) !== value) seen.push(value)
      return value === 100
    }, 'the progress bar to reach 100', 20_000)
    expect(seen.some((v) => v < 100)).toBe(true)
    expect([...seen].sort((a, b) => a - b)).toEqual(seen)
    expect(await bar.getAttribute('data-status')).toBe('succeeded')
    await page.locator('maestro-sync-progress').getByText('Sync finished').waitFor()
    await page.locator('maestro-sync-progress').getByText('342 records').waitFor()
    await until(async () => (await page.locator('maestro-run-history tr[data-run]').count()) === 1, 'the run in the history')
    expect(await page.locator('maestro-run-history tr[data-run] td').nth(4).textContent()).toBe('342')
    expect(await page.locator('maestro-resource-table tr[data-resource="employees"]').textContent()).toContain('42')
    await page.locator('maestro-run-chart svg[role="img"]').waitFor()
  })

  it('browses records page by page, with the raw provider data on demand', async () => {
    await page.getByRole('button', { name: 'Browse Employee records' }).click()
    const table = page.locator('maestro-records-table')
    await until(async () => (await table.locator('tr[data-record]').count()) === 25, 'the first page of 25')
    const firstPage = await table.locator('tr[data-record]').first().getAttribute('data-record')
    await table.getByRole('button', { name: 'Next' }).click()
    await until(async () => (await table.locator('tr[data-record]').count()) === 17, 'the second page of 17')
    await until(async () => (await table.locator('.pager .muted').textContent())?.startsWith('Page 2'), 'page 2')
    expect(await table.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true)
    await table.getByRole('button', { name: 'Previous' }).click()
    await until(async () => (await table.locator('tr[data-record]').first().getAttribute('data-record')) === firstPage, 'the first page again')
    await table.getByLabel('Show raw provider data').check()
    await until(async () => (await table.locator('pre[part="raw"]').count()) === 25, 'raw data blocks')
    expect(await table.locator('pre[part="raw"]').first().textContent()).toContain('"first_name"')
    await table.getByRole('button', { name: /TimeEntry/ }).click()
    await until(async () => (await table.locator('caption').textContent())?.includes('TimeEntry'), 'the TimeEntry records')
  })

  it('shows a connection that needs re-authorization, with the action that fixes it', async () => {
    const bad = await s.api('POST', '/connections', { tenant: 'acme-bakery', connector: 'harvest', name: 'Old token', config: { accountId: s.sandbox.harvest.credentials.accountId }, credentials: { accessToken: 'revoked-token' } })
    await s.syncNow(bad.id)
    expect((await s.api('GET', `/connections/${bad.id}`)).status).toBe('needs_reauth')

    await nav('Connections').click()
    const card = page.locator(`maestro-connection-card article[data-connection="${bad.id}"]`)
    await until(async () => (await card.getAttribute('data-health')) === 'needs_reauth', 'the needs_reauth card')
    expect(await card.locator('maestro-status-badge .badge').textContent()).toContain('Needs re-auth')
    await card.getByRole('button', { name: 'Re-authorize' }).click()

    const panel = page.locator('maestro-error-panel section[data-code="connection_needs_reauth"]')
    await panel.waitFor()
    expect(await panel.textContent()).toContain('no longer accepts this connection')
    const form = page.locator('maestro-connect-form[mode="credentials"]')
    await form.getByLabel('Personal access token', { exact: true }).fill(s.sandbox.harvest.credentials.accessToken)
    await form.getByRole('button', { name: 'Save credentials' }).click()
    await page.getByText('Credentials saved').waitFor()
    expect((await s.api('GET', `/connections/${bad.id}`)).status).toBe('active')
  })

  it('pauses and resumes, edits the schedule, and deletes only after confirmation', async () => {
    const header = page.locator('maestro-connection-header')
    await until(async () => (await heading().textContent())?.includes('Old token'), 'the repaired connection')
    await header.getByRole('button', { name: 'Pause' }).click()
    await until(async () => (await header.locator('maestro-status-badge .badge').textContent())?.includes('Paused'), 'paused')
    await page.locator('maestro-error-panel section[data-code="connection_paused"]').waitFor()
    await header.getByRole('button', { name: 'Resume' }).click()
    await until(async () => !(await header.locator('maestro-status-badge .badge').textContent())?.includes('Paused'), 'resumed')

    const editor = page.locator('maestro-schedule-editor')
    await editor.getByRole('combobox', { name: 'Sync schedule' }).selectOption('0 * * * *')
    await editor.getByRole('button', { name: 'Save schedule' }).click()
    await page.getByText('Schedule saved').waitFor()
    const id = (await s.api('GET', '/connections')).items.find((c: { name: string }) => c.name === 'Old token').id
    expect((await s.api('GET', `/connections/${id}`)).schedule).toBe('0 * * * *')
    await until(async () => (await page.locator('maestro-connection-view dl').textContent())?.includes('Every hour'), 'the new schedule shown')

    await header.getByRole('button', { name: 'Delete' }).click()
    const dialog = page.getByRole('dialog', { name: 'Delete Old token?' })
    await dialog.waitFor()
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    expect((await s.api('GET', `/connections/${id}`)).id).toBe(id)
    await header.getByRole('button', { name: 'Delete' }).click()
    await dialog.getByRole('button', { name: 'Delete connection' }).click()
    await page.getByText('Connection deleted').waitFor()
    await page.locator('maestro-overview-view').waitFor()
    await expect(s.api('GET', `/connections/${id}`)).rejects.toThrow(/404/)
  })

  it('connects QuickBooks through the local OAuth server\'s consent page, and re-authorizes it the same way', async () => {
    await nav('Add connection').click()
    await page.getByRole('button', { name: 'Connect QuickBooks Online' }).click()
    const form = page.locator('maestro-connect-form')
    expect(await form.getByLabel('Home currency (optional)').inputValue()).toBe('USD')
    await form.getByLabel('Tenant').fill('acme-bakery')
    const [popup] = await Promise.all([page.waitForEvent('popup'), form.getByRole('button', { name: 'Continue to QuickBooks Online' }).click()])
    await page.getByRole('dialog', { name: 'Waiting for QuickBooks Online' }).waitFor()
    expect(await approveConsent(popup)).toBeGreaterThan(0)
    await until(async () => (await heading().textContent())?.includes('QuickBooks Online'), 'the QuickBooks connection page')
    const qbo = (await s.api('GET', '/connections?connector=quickbooks')).items
    expect(qbo).toHaveLength(1)
    expect(qbo[0]).toMatchObject({ tenant: 'acme-bakery', status: 'active', credentialsSet: true, config: { realmId: expect.any(String), currency: 'USD' } })

    // The provider revoked access: the overview offers consent again, which makes it active again.
    await s.server.deps.store.updateConnection(qbo[0].id, (c) => ({ ...c, status: 'needs_reauth', lastError: { code: 'auth_expired', message: 'refresh token revoked', at: new Date().toISOString() } }))
    await nav('Connections').click()
    const card = page.locator(`maestro-connection-card article[data-connection="${qbo[0].id}"]`)
    await until(async () => (await card.getAttribute('data-health')) === 'needs_reauth', 'the QuickBooks card needing re-auth')
    const [again] = await Promise.all([page.waitForEvent('popup'), card.getByRole('button', { name: 'Re-authorize' }).click()])
    await approveConsent(again)
    await until(async () => (await s.api('GET', `/connections/${qbo[0].id}`)).status === 'active', 'QuickBooks active again')
  })

  it('keeps an audit log of what the admin did, filterable by action', async () => {
    await nav('Activity').click()
    const log = page.locator('maestro-audit-log')
    await until(async () => (await log.locator('tr[data-audit]').count()) > 5, 'audit entries')
    const text = await log.locator('tbody').textContent()
    for (const action of ['connection.create', 'sync.trigger', 'connection.pause', 'connection.delete', 'oauth.authorize']) expect(text).toContain(action)
    await log.getByLabel('Action').selectOption('connection.delete')
    await until(async () => {
      const actions = await log.locator('td.action').allTextContents()
      return actions.length === 1 && actions[0] === 'connection.delete'
    }, 'only the delete entry')
  })

  it('works at 360 px wide and from the keyboard', async () => {
    await page.setViewportSize({ width: 360, height: 740 })
    await nav('Connections').click()
    await page.locator('maestro-connection-card').first().waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    const deepFocus = () => page.evaluate(() => {
      let el = document.activeElement
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement
      return el?.textContent?.trim() ?? ''
    })
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    let label = ''
    for (let i = 0; i < 12 && label !== 'Add connection'; i++) {
      await page.keyboard.press('Tab')
      label = await deepFocus()
    }
    expect(label).toBe('Add connection')
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Add a connection' }).waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await page.setViewportSize({ width: 1280, height: 900 })
  })

  it('shows a tenant token only its own tenant\'s connections and activity', async () => {
    const globex = await s.api('POST', '/connections', { tenant: 'globex', connector: 'harvest', name: 'Globex hours', config: { accountId: s.sandbox.harvest.credentials.accountId }, credentials: { accessToken: s.sandbox.harvest.credentials.accessToken } })
    const acme = (await s.api('GET', '/connections?tenant=acme-bakery')).items.map((c: { id: string }) => c.id)
    expect(acme.length).toBeGreaterThan(0)

    const tenantContext = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const tp = await tenantContext.newPage()
    const tenantErrors = watchErrors(tp)
    await tp.goto(`${s.url}/#token=${await s.tenantToken('globex')}`)
    await tp.locator(`maestro-connection-card article[data-connection="${globex.id}"]`).waitFor()
    expect(await tp.locator('maestro-connection-card article').evaluateAll((els) => els.map((e) => e.getAttribute('data-connection')))).toEqual([globex.id])
    expect(await tp.locator('maestro-dashboard .scope').textContent()).toContain('globex')
    expect(await tp.locator('maestro-overview-view select#tenant').count()).toBe(0)
    await tp.getByRole('navigation', { name: 'Dashboard' }).getByRole('button', { name: 'Activity' }).click()
    await tp.locator('maestro-audit-log tr[data-audit]').first().waitFor()
    const visible = await tp.evaluate(() => {
      const texts: string[] = []
      const walk = (root: Document | ShadowRoot) => root.querySelectorAll('*').forEach((el) => {
        if (el.shadowRoot) walk(el.shadowRoot)
        texts.push(...[...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? ''))
      })
      walk(document)
      return texts.join(' ')
    })
    expect(visible).not.toContain('acme-bakery')
    for (const id of acme) expect(visible).not.toContain(id)

    // Even asked for directly, another tenant's connection is refused and nothing of it is shown.
    await tp.locator('maestro-dashboard').evaluate((el, id) => el.dispatchEvent(Object.assign(new Event('maestro-navigate', { bubbles: true, composed: true, cancelable: true }), { route: { view: 'connection', id } })), acme[0])
    await tp.locator('maestro-connection-view maestro-error-panel section[data-code="forbidden"]').waitFor()
    expect(await tp.locator('maestro-connection-header').count()).toBe(0)
    expect(unexpected(tenantErrors)).toEqual([])
    await tenantContext.close()
  })

  it('logged no uncaught error', () => {
    expect(unexpected(errors)).toEqual([])
  })
})
