import { describe, expect, it } from 'vitest'
import { loadManifest } from './load.ts'

// A small valid manifest; each case below edits lines of it. `»` in an edit marks the exact place
// (line and column) the diagnostic must point at; it is removed before loading.
const BASE = `id: base
name: Base
category: hris
auth:
  type: oauth2
  authorizationUrl: https://auth.example/authorize
  tokenUrl: https://auth.example/token
connection:
  accountId: { type: string, title: Account }
  apiKey: { type: string, title: Key, secret: true }
http:
  baseUrl: https://api.example/v1
  headers: { X-Account: "{{ config.accountId }}", X-Key: "{{ credentials.apiKey }}" }
resources:
  companies:
    model: Company
    list:
      path: /companies
      records: companies
      paginate: { type: none }
    id: $string(id)
    map: '{ "legalName": name }'
  employees:
    model: Employee
    parent: { resource: companies }
    list:
      path: "/companies/{{ parent.id }}/employees"
      query: { since: "{{ cursor }}" }
      records: employees
      paginate: { type: page, param: page, size: 100, stop: { type: short_page } }
    get: { path: "/employees/{{ id }}" }
    incremental: { cursor: updated_at }
    id: $string(id)
    map: |
      {
        "firstName": first_name,
        "companyId": $string($parent.id)
      }
webhooks:
  verify: { scheme: hmac-sha256, header: X-Sig, encoding: hex, secret: "{{ app.webhookSecret }}" }
  route: { config: accountId, value: account }
  events:
    - when: type = "employee.updated"
      resource: employees
      action: refetch
      id: employee_id
`

/** Replace whole lines (1-based) of BASE; a replacement may span several lines or be empty to delete. */
function edit(lines: Record<number, string>): { text: string; at?: { line: number; column: number } } {
  const out = BASE.split('\n').flatMap((l, i) => (lines[i + 1] === undefined ? [l] : lines[i + 1] === '' ? [] : [lines[i + 1]]))
  const marked = out.join('\n')
  const index = marked.indexOf('»')
  if (index < 0) return { text: marked }
  const before = marked.slice(0, index).split('\n')
  return { text: marked.replace('»', ''), at: { line: before.length, column: before.at(-1)!.length + 1 } }
}

interface Case {
  name: string
  lines: Record<number, string>
  code: string
  /** Where the diagnostic must point when the edit has no `»` marker. */
  at?: { line: number; column: number }
  message?: RegExp
  hint?: RegExp
}

const cases: Case[] = [
  { name: 'yaml syntax: unclosed flow mapping', lines: { 20: '      paginate: { type: none', 21: '    »id: $string(id)' }, code: 'yaml_syntax' },
  { name: 'duplicate key inside a mapping', lines: { 16: '    model: Company\n    »model: Company' }, code: 'duplicate_key', message: /key `model` appears twice/ },
  { name: 'duplicate resource name', lines: { 22: '    map: \'{ "legalName": name }\'\n  »companies:\n    model: Company\n    list: { path: /c, records: c, paginate: { type: none } }\n    id: $string(id)\n    map: \'{ "legalName": name }\'' }, code: 'duplicate_resource', message: /resource `companies` is declared twice/ },
  { name: 'unknown property', lines: { 20: '      paginate: { type: none, »size: 10 }' }, code: 'schema_unknown_property', message: /unknown property `size` in `resources\.companies\.list\.paginate`/ },
  { name: 'unknown property with a close known one', lines: { 16: '    model: Company\n    »descripton: All companies' }, code: 'schema_unknown_property', hint: /Did you mean `description`\?/ },
  { name: 'unknown top-level property', lines: { 2: 'name: Base\n»schedul: "0 * * * *"' }, code: 'schema_unknown_property', message: /unknown top-level property `schedul`/, hint: /`schedule`/ },
  { name: 'required property missing points at its parent key', lines: { 17: '    »list:', 19: '' }, code: 'schema_required', message: /`resources\.companies\.list` is missing the required property `records`/ },
  { name: 'wrong type', lines: { 30: '      paginate: { type: page, param: page, size: »many, stop: { type: short_page } }' }, code: 'schema_type', message: /must be an integer, not the string `many`/ },
  { name: 'union of types', lines: { 13: '  headers: { X-Account: »[1, 2] }' }, code: 'schema_type', message: /must be a string, a number or a boolean, not a list/ },
  { name: 'value outside an enum', lines: { 3: 'category: »hrs' }, code: 'schema_enum', message: /expected one of payroll, hris/, hint: /Did you mean `hris`\?/ },
  { name: 'pattern: the id', lines: { 1: 'id: »Base' }, code: 'schema_pattern', message: /lower-case letters/ },
  { name: 'pattern: a duration', lines: { 32: '    incremental: { cursor: updated_at, lookback: »5 minutes }' }, code: 'schema_pattern', message: /not a duration/ },
  { name: 'format', lines: { 2: 'name: Base\ndocs: »not a url' }, code: 'schema_format', message: /valid uri/ },
  { name: 'range', lines: { 30: '      paginate: { type: page, param: page, size: »0, stop: { type: short_page } }' }, code: 'schema_range', message: /must be >= 1/ },
  { name: 'empty string', lines: { 18: '      path: »""' }, code: 'schema_range', message: /must not be empty/ },
  { name: 'invalid resource name', lines: { 23: '  »Employees:' }, code: 'invalid_name', message: /`Employees` is not a valid resource name/ },
  { name: 'not a mapping at all', lines: Object.fromEntries([[1, '- just'], ...Array.from({ length: 46 }, (_, i) => [i + 2, ''])]), code: 'schema_type', at: { line: 1, column: 1 } },
  { name: 'unknown paginate type', lines: { 20: '      paginate: { type: »curser }' }, code: 'unknown_type', message: /^unknown paginate type `curser`, expected one of page, offset, cursor, next_url, link_header, none, hook$/, hint: /Did you mean `cursor`\?/ },
  { name: 'unknown auth type', lines: { 5: '  type: »oauth' }, code: 'unknown_type', message: /unknown auth type `oauth`/ },
  { name: 'unknown verify scheme', lines: { 40: '  verify: { scheme: »hmac, header: X-Sig, encoding: hex, secret: "{{ app.webhookSecret }}" }' }, code: 'unknown_type', message: /unknown verify scheme `hmac`, expected one of hmac-sha256, static-token, hook/ },
  { name: 'paginate without a type', lines: { 20: '      »paginate: { next: x }' }, code: 'schema_required', message: /needs a `type`/ },
  { name: 'unknown model', lines: { 16: '    model: »Companie' }, code: 'unknown_model', message: /unknown model `Companie`/, hint: /Did you mean `Company`\?/ },
  { name: 'page pagination without a stop rule', lines: { 30: '      »paginate: { type: page, param: page, size: 100 }' }, code: 'missing_stop_rule', message: /needs a `stop` rule/ },
  { name: 'short_page without a size', lines: { 30: '      paginate: { type: page, param: page, stop: { type: »short_page } }' }, code: 'missing_stop_rule', message: /needs a page `size`/ },
  { name: 'JSONata syntax error in an expression field', lines: { 21: '    id: $string()»id' }, code: 'expression_syntax' },
  { name: 'JSONata syntax error inside a | block', lines: { 37: '        "firstName": first_name »first,' }, code: 'expression_syntax', message: /got "first"/ },
  { name: 'JSONata syntax error inside a template', lines: { 13: '  headers: { X-Account: "{{ config.accountId ») }}", X-Key: "{{ credentials.apiKey }}" }' }, code: 'expression_syntax' },
  { name: 'unclosed template', lines: { 18: '      path: /companies/»{{ config.accountId' }, code: 'expression_syntax', message: /unclosed `\{\{`/ },
  { name: 'cursor without incremental', lines: { 32: '' , 28: '      query: { since: "{{ »cursor }}" }' }, code: 'unknown_variable', message: /`cursor` is not available .* it exists only in list requests of a resource with `incremental`/ },
  { name: 'id outside get', lines: { 27: '      path: "/companies/{{ parent.id }}/employees/{{ »id }}"' }, code: 'unknown_variable', message: /`id` is not available/ },
  { name: 'parent in a resource without parent', lines: { 18: '      path: "/companies/{{ »parent.id }}"' }, code: 'unknown_variable', message: /`parent` is not available/ },
  { name: 'misspelt template name', lines: { 13: '  headers: { X-Account: "{{ »confg.accountId }}", X-Key: "{{ credentials.apiKey }}" }' }, code: 'unknown_variable', hint: /Did you mean `config`\?/ },
  { name: '$parent in a resource without parent', lines: { 22: '    map: \'{ "legalName": »$parent.name }\'' }, code: 'unknown_variable', message: /`\$parent` is not available/ },
  { name: 'config field not declared', lines: { 13: '  headers: { X-Account: "{{ config.»acountId }}", X-Key: "{{ credentials.apiKey }}" }' }, code: 'unknown_connection_field', hint: /Did you mean `accountId`\?/ },
  { name: 'secret field read as config', lines: { 13: '  headers: { X-Account: "{{ config.accountId }}", X-Key: "{{ config.»apiKey }}" }' }, code: 'unknown_connection_field', message: /is secret, read it as `credentials\.apiKey`/ },
  { name: 'route config not declared', lines: { 41: '  route: { config: »account, value: account }' }, code: 'unknown_connection_field' },
  { name: 'parent resource missing', lines: { 25: '    parent: { resource: »company }' }, code: 'unknown_resource', hint: /Did you mean `companies`\?/ },
  { name: 'webhook event resource missing', lines: { 44: '      resource: »employes' }, code: 'unknown_resource', message: /`webhooks\.events\[0\]` names resource `employes`/ },
  { name: 'refetch without get', lines: { 31: '' }, code: 'missing_get', at: { line: 44, column: 15 } },
  { name: 'base URL not absolute', lines: { 12: '  baseUrl: »api.example/v1' }, code: 'invalid_base_url' },
  { name: 'OAuth URL not absolute', lines: { 7: '  tokenUrl: »/token' }, code: 'invalid_url' },
]

describe('loadManifest', () => {
  it('accepts the base manifest without diagnostics', () => {
    const { manifest, diagnostics } = loadManifest(BASE, 'base.yaml')
    expect(diagnostics).toEqual([])
    expect(manifest?.resources.employees.parent?.resource).toBe('companies')
  })

  it.each(cases)('$name → $code', ({ lines, code, at, message, hint }) => {
    const edited = edit(lines)
    const { manifest, diagnostics } = loadManifest(edited.text, 'm.yaml')
    const where = at ?? edited.at
    expect(diagnostics.map((d) => ({ code: d.code, line: d.line, column: d.column }))).toEqual([{ code, ...where }])
    expect(diagnostics[0].file).toBe('m.yaml')
    if (message) expect(diagnostics[0].message).toMatch(message)
    if (hint) expect(diagnostics[0].hint).toMatch(hint)
    expect(manifest).toBeUndefined()
  })

  it('reports both resources of a parent cycle', () => {
    const { text } = edit({ 16: '    model: Company\n    parent: { resource: employees }' })
    const cycle = loadManifest(text, 'm.yaml').diagnostics
    expect(cycle.map((d) => [d.code, d.line, d.column])).toEqual([['parent_cycle', 17, 25], ['parent_cycle', 26, 25]])
    expect(cycle[0].message).toBe('resource `companies` is its own ancestor: companies → employees → companies')
  })

  it('collapses union noise to one error per value', () => {
    const { text } = edit({ 12: '  baseUrl: https://api.example/v1\n  retry: { attempts: 3, on: [429, "6xx"] }' })
    const diagnostics = loadManifest(text, 'm.yaml').diagnostics
    expect(diagnostics).toHaveLength(1)
    expect(diagnostics[0].message).toBe('`http.retry.on[1]` must be an integer, `4xx` or `5xx`, not the string `6xx`')
  })

  it('accepts a $schema key and a yaml-language-server comment', () => {
    const text = `# yaml-language-server: $schema=../../schemas/connector.schema.json\n$schema: ../../schemas/connector.schema.json\n${BASE}`
    expect(loadManifest(text).diagnostics).toEqual([])
  })

  it('returns the manifest when there are only warnings', () => {
    const { manifest, diagnostics } = loadManifest(BASE.replace('name: Base', 'name: !custom Base'), 'm.yaml')
    expect(diagnostics.map((d) => [d.severity, d.code, d.line])).toEqual([['warning', 'yaml_syntax', 2]])
    expect(manifest?.name).toBe('Base')
  })

  it.each([
    ['an empty file', ''],
    ['a scalar', 'hello'],
    ['a list', '- 1\n- 2'],
    ['several documents', 'a: 1\n---\nb: 2'],
    ['tabs as indentation', '\t\tid: x'],
    ['an undefined alias', 'id: *nope'],
    ['a self-referencing alias', 'a: &x [*x]'],
  ])('turns %s into diagnostics', (_, text) => {
    const { manifest, diagnostics } = loadManifest(text, 'x.yaml')
    expect(manifest).toBeUndefined()
    expect(diagnostics.length).toBeGreaterThan(0)
    expect(diagnostics.every((d) => d.code !== 'internal_error')).toBe(true)
  })
})
