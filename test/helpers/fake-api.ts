/**
 * @module An in-process provider for unit tests: a `fetch` that answers from route handlers, with no port.
 * Every call is logged with its URL and headers.
 */

/** What a route answers: a JSON body with a status and headers, or a ready Response. */
export type FakeAnswer = { status?: number; body?: unknown; headers?: Record<string, string> } | Response

/** A route handler: sees the URL and the request init. */
export type FakeRoute = (url: URL, init: RequestInit) => FakeAnswer | Promise<FakeAnswer>

/** One call the fake received. */
export interface FakeCall {
  method: string
  url: URL
  headers: Record<string, string>
}

/**
 * A fetch answering from `routes`, keyed by pathname; unknown paths answer 404.
 * @example
 * const api = fakeApi({ '/people': () => ({ body: { items: [] } }) })
 * createSyncEngine({ …, fetch: api.fetch })
 */
export function fakeApi(routes: Record<string, FakeRoute>): { fetch: typeof globalThis.fetch; calls: FakeCall[] } {
  const calls: FakeCall[] = []
  const fetch = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url)
    calls.push({ method: init.method ?? 'GET', url, headers: { ...(init.headers as Record<string, string>) } })
    const route = routes[url.pathname] ?? Object.entries(routes).find(([p]) => p.endsWith('*') && url.pathname.startsWith(p.slice(0, -1)))?.[1]
    const answer = route ? await route(url, init) : { status: 404, body: { error: 'not found' } }
    if (answer instanceof Response) return answer
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status ?? 200,
      headers: { 'content-type': 'application/json', ...answer.headers },
    })
  }) as typeof globalThis.fetch
  return { fetch, calls }
}
