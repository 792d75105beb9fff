/**
 * @module Keep secrets out of everything the requester lets go of: URLs, messages, events.
 */

const SENSITIVE_PARAM = /key|token|secret|password|passwd|signature|^code$/i
const MASK = '***'

/** Collect the string values of a credentials object (what must never be shown). */
export function secretValues(credentials: Record<string, unknown> | undefined): string[] {
  const out: string[] = []
  for (const v of Object.values(credentials ?? {})) {
    if (typeof v === 'string' && v.length >= 4) out.push(v)
    else if (typeof v === 'number' && String(v).length >= 4) out.push(String(v))
  }
  return out
}

/** Replace every occurrence of each secret (and its URL-encoded forms) in `text`. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text
  for (const s of secrets) {
    if (s.length < 4) continue
    const uri = encodeURIComponent(s)
    // application/x-www-form-urlencoded, as URLSearchParams writes it.
    const form = uri.replace(/%20/g, '+').replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    for (const variant of [s, uri, form]) {
      if (out.includes(variant)) out = out.split(variant).join(MASK)
    }
  }
  return out
}

/** A URL safe to print: sensitive-looking query values masked, then known secrets scrubbed. */
export function redactUrl(url: URL | string, secrets: readonly string[]): string {
  let u: URL
  try {
    u = new URL(String(url))
  } catch {
    return redactText(String(url), secrets)
  }
  if (u.username || u.password) { u.username = ''; u.password = '' }
  for (const name of [...new Set(u.searchParams.keys())]) {
    if (SENSITIVE_PARAM.test(name)) u.searchParams.set(name, MASK)
  }
  return redactText(u.href, secrets)
}
