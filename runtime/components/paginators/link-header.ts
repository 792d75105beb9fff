/**
 * @module `link_header`: follow the RFC 8288 `Link` response header.
 */
import type { PaginatorFactory } from './types.ts'
import { followUrl } from './next-url.ts'

/** Parse a `Link` header into target URLs by relation (a link may carry several space-separated relations). */
export function parseLinkHeader(value: string | undefined): Map<string, string> {
  const links = new Map<string, string>()
  if (!value) return links
  // Split on commas outside <…> and quotes: URLs and quoted params may contain commas.
  const re = /<([^>]*)>((?:\s*;\s*[^;,"=\s]+(?:\s*=\s*(?:"[^"]*"|[^;,"]*))?)*)/g
  for (const m of value.matchAll(re)) {
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]+))/i.exec(m[2])
    if (!rel) continue
    for (const r of (rel[1] ?? rel[2]).trim().toLowerCase().split(/\s+/)) {
      if (!links.has(r)) links.set(r, m[1].trim())
    }
  }
  return links
}

/** Follow `Link: <…>; rel="next"` until it is absent. */
export const linkHeader: PaginatorFactory<'link_header'> = (spec, deps) => {
  const rel = (spec.rel ?? 'next').toLowerCase()
  return followUrl(deps.resource, async (response) => parseLinkHeader(response.headers.link).get(rel))
}
