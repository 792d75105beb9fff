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

// Spellings of each secret, computed once: redaction runs on every response URL.
const spellings = new Map<string, string[]>()

function variants(secret: string): string[] {
  let v = spellings.get(secret)
  if (!v) {
    const uri = encodeURIComponent(secret)
    // application/x-www-form-urlencoded, as URLSearchParams writes it.
    const form = uri.replace(/%20/g, '+').replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    v = [...new Set([secret, uri, form])]
    if (spellings.size > 10_000) spellings.clear()
    spellings.set(secret, v)
  }
  return v
}

/** Replace every occurrence of each secret (and its URL-encoded forms) in `text`. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text
  for (const s of secrets) {
    if (s.length < 4) continue
    for (const variant of variants(s)) {
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
  if (!u.search && !u.username && !u.password) return redactText(u.href, secrets)
  if (u.username || u.password) { u.username = ''; u.password = '' }
  for (const name of [...new Set(u.searchParams.keys())]) {
    if (SENSITIVE_PARAM.test(name)) u.searchParams.set(name, MASK)
  }
  return redactText(u.href, secrets)
}
