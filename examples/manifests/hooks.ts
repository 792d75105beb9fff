/**
 * @module Hooks of the example "Acme People" connector (examples/manifests/complete.yaml).
 *
 * A hook is a plain exported function named after its hook point; `maestro validate` rejects any
 * other export, so helpers stay unexported.
 */

interface PageState {
  /** The page just fetched (undefined before the first request). */
  response?: { status: number; headers: Record<string, string>; body: unknown }
  /** Records requested per page (`paginate.size`). */
  size?: number
}

/** What the next request changes, or `null` when the walk is over. */
type NextPage = { cursor: string } | null

/**
 * Acme's statement search returns its continuation token inside `paging.token` and repeats the
 * last token on the final page instead of omitting it, which no declared rule can express.
 */
export function paginate(state: PageState): NextPage {
  const body = state.response?.body as { paging?: { token?: string; last?: boolean } } | undefined
  if (!state.response) return { cursor: '' }
  if (!body?.paging?.token || body.paging.last) return null
  return { cursor: body.paging.token }
}
