/**
 * @module Test side of the sandbox authorization server: start it, and play the admin's browser through
 * the consent screen over real HTTP (redirects, cookies, the approve form) until the provider redirects
 * back with a code.
 */
export { startOAuthServer, type OAuthServer, type OAuthServerOptions, type SandboxClient } from '../../examples/sandbox/oauth-server.ts'

/**
 * Follow the authorization URL like a browser and answer the consent form; returns the URL the provider
 * redirected to (the app's callback, carrying `code`/`state` or `error`). `extraParams` are appended the
 * way a provider adds its own (QuickBooks `realmId`).
 */
export async function consent(authorizationUrl: string, redirectUri: string, opts: { account?: string; deny?: boolean; extraParams?: Record<string, string> } = {}): Promise<string> {
  const jar = new Map<string, string>()
  let url = authorizationUrl
  let init: RequestInit = {}
  for (let hop = 0; hop < 12; hop++) {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } })
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name)
      else jar.set(name, value)
    }
    const location = res.headers.get('location')
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, url).toString()
      await res.body?.cancel()
      if (next.startsWith(redirectUri)) {
        const back = new URL(next)
        for (const [k, v] of Object.entries(opts.extraParams ?? {})) back.searchParams.set(k, v)
        return back.toString()
      }
      url = next
      init = {}
      continue
    }
    const html = await res.text()
    if (res.status !== 200) throw new Error(`Consent flow stopped at ${url} with HTTP ${res.status}: ${html.slice(0, 200)}`)
    const actions = [...html.matchAll(/<form method="post" action="([^"]+)"/g)].map((m) => m[1])
    const action = actions.find((a) => a.endsWith(opts.deny ? '/deny' : '/approve'))
    if (!action) throw new Error(`No consent form at ${url}`)
    url = new URL(action, url).toString()
    init = {
      method: 'POST',
      body: new URLSearchParams({ account: opts.account ?? 'sandbox-admin' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }
  }
  throw new Error('Too many redirects in the consent flow')
}
