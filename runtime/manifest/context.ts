/**
 * @module The one table of what a template or an expression may read at each place of a manifest.
 * The runtime binds exactly these names; `maestro validate` rejects any other, so an undefined
 * variable is an error at validation time instead of a silent empty value at run time.
 *
 * Templates (`{{ … }}`) are evaluated with a context object as their input, so they read plain
 * names: `{{ config.accountId }}`, `{{ cursor }}`.
 *
 * | name          | where                                                        | holds |
 * |---------------|--------------------------------------------------------------|-------|
 * | `config`      | everywhere                                                   | non-secret connection fields (`connection.*` without `secret`), plus `auth.callbackParams` |
 * | `credentials` | everywhere                                                   | secret connection fields; for oauth kinds also the token set (see CREDENTIAL_TOKEN_FIELDS) |
 * | `app`         | everywhere                                                   | the deployment's app registration: `clientId`, `clientSecret`, `webhookSecret`, … (not checked: set per deployment) |
 * | `now`         | everywhere                                                   | current time, ISO-8601 |
 * | `page`        | list requests (`resources.*.list` path/query/headers/body)   | the page being fetched: `number`, `size`, `offset`, `cursor` |
 * | `cursor`      | list requests of a resource with `incremental`               | the stored incremental cursor, formatted per `incremental.format`; undefined on a first run |
 * | `id`          | get requests (`resources.*.get`)                             | the provider id of the record to fetch |
 * | `parent`      | list and get requests of a resource with `parent`            | the parent resource's raw record |
 *
 * Expressions are evaluated against a focus document (`$`) and read context through `$variables`
 * (JSONata's own functions such as `$string` are always available):
 *
 * | variable    | where | holds |
 * |-------------|-------|-------|
 * | `$config`   | everywhere | as `config` above (never credentials: expressions may end up in stored records) |
 * | `$now`      | everywhere | as `now` above (`$now()`, JSONata's function, works too) |
 * | `$status`, `$headers`, `$response` | response expressions: `list.records`, `paginate.next`, `paginate.stop.value`, `get.record`, `http.errors[*].when/message` (focus: the response body) | status, lower-case headers, `{ status, headers, body }` |
 * | `$parent`   | record expressions (`id`, `modifiedAt`, `map`, `incremental.cursor`, `deletion.when`) of a resource with `parent` (focus: the raw record) | the parent's raw record |
 * | `$headers`  | webhook expressions (`webhooks.*`; focus: the delivery body or one event of it) | the delivery's lower-case headers |
 *
 * `response` and `record` are not names of their own: they are the focus of the expressions above.
 */
import type { Path } from './positions.ts'

/** Token fields an oauth connection stores in `credentials` beside its secret connection fields. */
export const CREDENTIAL_TOKEN_FIELDS = ['accessToken', 'refreshToken', 'expiresAt', 'tokenType', 'scope', 'idToken'] as const

/** Where each template name exists, for messages. */
export const TEMPLATE_NAMES: Record<string, string> = {
  config: 'everywhere',
  credentials: 'everywhere',
  app: 'everywhere',
  now: 'everywhere',
  page: 'in list requests (resources.<name>.list)',
  cursor: 'in list requests of a resource with `incremental`',
  id: 'in get requests (resources.<name>.get)',
  parent: 'in list and get requests of a resource with `parent`',
}

/** Where each expression variable exists, for messages. */
export const EXPRESSION_VARIABLES: Record<string, string> = {
  config: 'everywhere',
  now: 'everywhere',
  status: 'in response expressions (list.records, paginate.next, stop values, get.record, http.errors)',
  headers: 'in response expressions and webhook expressions',
  response: 'in response expressions (list.records, paginate.next, stop values, get.record, http.errors)',
  parent: 'in record expressions (id, modifiedAt, map, incremental.cursor, deletion.when) of a resource with `parent`',
}

/** What one place may read. */
export interface Place {
  /** Root names a template may read. */
  template: ReadonlySet<string>
  /** `$variables` (without `$`) an expression may read, JSONata functions aside. */
  expression: ReadonlySet<string>
}

const RESPONSE_FIELDS = new Set(['records', 'next', 'value', 'record'])
const RECORD_FIELDS = new Set(['id', 'modifiedAt', 'map', 'cursor', 'when'])

/**
 * The context a template or expression at `path` may read, given the whole (parsed) manifest.
 * @example
 * placeOf(['resources', 'employees', 'get', 'path'], manifest).template.has('id') // true
 */
export function placeOf(path: Path, manifest: unknown): Place {
  const template = new Set(['config', 'credentials', 'app', 'now'])
  const expression = new Set(['config', 'now'])
  const [top, name, part] = path.map(String)
  if (top === 'resources') {
    const resource = (manifest as { resources?: Record<string, Record<string, unknown>> })?.resources?.[name] ?? {}
    const isRequestField = ['path', 'query', 'headers', 'body', 'method'].includes(String(path[3]))
    if (part === 'list' && isRequestField) {
      template.add('page')
      if (resource.incremental) template.add('cursor')
      if (resource.parent) template.add('parent')
    }
    if (part === 'get' && isRequestField) {
      template.add('id')
      if (resource.parent) template.add('parent')
    }
    const field = String(path.at(-1))
    if ((part === 'list' || part === 'get') && !isRequestField && RESPONSE_FIELDS.has(field)) addResponse(expression)
    if ((part === 'id' || part === 'modifiedAt' || part === 'map' || part === 'incremental' || part === 'deletion') && RECORD_FIELDS.has(field)) {
      if (resource.parent) expression.add('parent')
    }
  }
  if (top === 'http' && name === 'errors') addResponse(expression)
  if (top === 'webhooks') expression.add('headers')
  return { template, expression }
}

function addResponse(set: Set<string>): void {
  set.add('status')
  set.add('headers')
  set.add('response')
}
