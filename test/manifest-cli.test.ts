import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')
const bin = join(root, 'bin', 'maestro.js')

interface Result { code: number; stdout: string; stderr: string }

/** Run `maestro <args>` as a child process from the repository root. */
function maestro(...args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: root, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0
      resolve({ code, stdout, stderr })
    })
  })
}

const BAD = 'test/fixtures/bad-manifests'

describe('maestro validate: the three bad manifests', () => {
  it.each([
    { file: `${BAD}/paginate-typo.yaml`, line: 21, column: 25, code: 'unknown_type', message: 'unknown paginate type `curser`, expected one of page, offset, cursor, next_url, link_header, none, hook', hint: 'Did you mean `cursor`?' },
    { file: `${BAD}/map-syntax.yaml`, line: 25, column: 9, code: 'expression_syntax', message: 'expression syntax error in `resources.employees.map`: Expected "}", got "workEmail"' },
    { file: `${BAD}/webhook-missing-resource.yaml`, line: 28, column: 17, code: 'unknown_resource', message: '`webhooks.events[0]` names resource `employes`, which is not declared', hint: 'Did you mean `employees`?' },
  ])('$file: one diagnostic at $line:$column, exit 1', async ({ file, line, column, code, message, hint }) => {
    const json = await maestro('validate', '--format', 'json', file)
    expect(json.code).toBe(1)
    const report = JSON.parse(json.stdout)
    expect(report.diagnostics).toHaveLength(1)
    expect(report.diagnostics[0]).toMatchObject({ file, line, column, code, message, severity: 'error', ...(hint ? { hint } : {}) })
  })

  it('validates the whole folder: three diagnostics, exit 1', async () => {
    const { code, stdout } = await maestro('validate', BAD)
    expect(code).toBe(1)
    expect(stdout.split('\n').filter((l) => l.startsWith(BAD))).toEqual([
      `${BAD}/map-syntax.yaml:25:9 error expression_syntax expression syntax error in \`resources.employees.map\`: Expected "}", got "workEmail"`,
      `${BAD}/paginate-typo.yaml:21:25 error unknown_type unknown paginate type \`curser\`, expected one of page, offset, cursor, next_url, link_header, none, hook`,
      `${BAD}/webhook-missing-resource.yaml:28:17 error unknown_resource \`webhooks.events[0]\` names resource \`employes\`, which is not declared`,
    ])
    expect(stdout).toContain('    hint: Did you mean `cursor`?\n')
    expect(stdout).toMatch(/3 errors, 0 warnings in 3 manifests\n$/)
  })

  it('prints GitHub annotations', async () => {
    const { code, stdout } = await maestro('validate', '--format', 'github', `${BAD}/paginate-typo.yaml`)
    expect(code).toBe(1)
    expect(stdout).toBe(`::error file=${BAD}/paginate-typo.yaml,line=21,col=25,endLine=21,endColumn=31,title=unknown_type::unknown paginate type \`curser\`, expected one of page, offset, cursor, next_url, link_header, none, hook%0ADid you mean \`cursor\`?\n`)
  })
})

describe('maestro validate: clean manifests', () => {
  it('exits 0 over the shipped connectors and examples (the default)', async () => {
    const { code, stdout, stderr } = await maestro('validate', '--format', 'json')
    expect(stderr).toBe('')
    const report = JSON.parse(stdout)
    expect(report.errors).toBe(0)
    expect(report.files).toContain('examples/manifests/complete.yaml')
    expect(report.files.every((f: string) => f.startsWith('connectors/') || f.startsWith('examples/'))).toBe(true)
    expect(code).toBe(0)
  })

  it('finds the complete example clean, warnings included', async () => {
    const { code, stdout } = await maestro('validate', '--strict', 'examples/manifests/complete.yaml')
    expect(stdout).toBe('✓ 1 manifest valid\n')
    expect(code).toBe(0)
  })
})

describe('maestro validate: warnings and --strict', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'maestro-cli-'))
    await mkdir(join(dir, 'fixtures'))
    await writeFile(join(dir, 'connector.yaml'), `id: warn
name: Warn
category: hris
auth: { type: bearer, token: "{{ credentials.token }}" }
connection: { token: { type: string, title: Token, secret: true } }
http: { baseUrl: https://api.warn.example }
resources:
  employees:
    model: Employee
    list: { path: /people, records: people, paginate: { type: none } }
    id: $string(id)
    map: '{ "firstName": first }'
`)
    await writeFile(join(dir, 'fixtures', 'employees.json'), JSON.stringify({ records: [{ id: 1, first: 'Ada', unmapped: true }] }))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('passes with a warning, fails with --strict', async () => {
    const file = join(dir, 'connector.yaml')
    const lax = await maestro('validate', file)
    expect(lax.stdout).toMatch(/warning mapping_unread_field no expression of `resources\.employees` reads provider field `unmapped`/)
    expect(lax.code).toBe(0)
    expect((await maestro('validate', '--strict', file)).code).toBe(1)
    expect((await maestro('validate', '--no-fixtures', '--strict', file)).code).toBe(0)
  })
})

// Each case is a separate process that mostly waits; running them side by side keeps the file quick.
describe.concurrent('maestro: usage', () => {
  it.for([
    { args: ['validate', '--bogus'], code: 2, stream: 'stderr', text: /Unknown option '--bogus'/ },
    { args: ['validate', '--format', 'xml'], code: 2, stream: 'stderr', text: /unknown format `xml`/ },
    { args: ['validate', 'no-such-dir/*.yaml'], code: 2, stream: 'stderr', text: /no files match/ },
    { args: ['validate', 'no-such-file.yaml'], code: 1, stream: 'stdout', text: /no-such-file\.yaml:1:1 error file_unreadable/ },
    { args: ['validate', '--help'], code: 0, stream: 'stdout', text: /Usage: maestro validate/ },
    { args: ['frobnicate'], code: 2, stream: 'stderr', text: /unknown command `frobnicate`[\s\S]*validate/ },
    { args: [], code: 2, stream: 'stderr', text: /Usage: maestro <command>/ },
    { args: ['--help'], code: 0, stream: 'stdout', text: /Commands:\n {2}validate/ },
  ])('maestro $args → exit $code', async ({ args, code, stream, text }, { expect }) => {
    const result = await maestro(...args)
    expect(result[stream as 'stdout' | 'stderr']).toMatch(text)
    expect(result.code).toBe(code)
  })
})
