import fc from 'fast-check'
import jsonata from 'jsonata'
import { describe, expect, it } from 'vitest'
import { MaestroError } from '../errors.ts'
import { compileExpression, type Expression } from './expression.ts'

// Property: for expressions of the compiled subset and arbitrary JSON inputs, the compiled
// evaluateSync returns what `await jsonata(src).evaluate(input, bindings)` returns (compared after a
// JSON round trip), and throws exactly when jsonata throws, with the same error code and position.

type Outcome = { ok: true; value: unknown } | { ok: false; code: unknown; position: unknown; firstOfSeveral?: boolean }

const roundTrip = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(JSON.stringify(v) ?? 'null'))

const compiledCache = new Map<string, { compiled: Expression; interpreted: jsonata.Expression }>()
function compiledPair(src: string): { compiled: Expression; interpreted: jsonata.Expression } {
  let pair = compiledCache.get(src)
  if (pair === undefined) {
    pair = { compiled: compileExpression(src), interpreted: jsonata(src) }
    compiledCache.set(src, pair)
  }
  return pair
}

async function outcome(run: () => unknown): Promise<Outcome> {
  try {
    return { ok: true, value: roundTrip(await run()) }
  } catch (err) {
    if (err instanceof MaestroError) {
      expect(err.code).toBe('expression_failed')
      const d = err.details as { code?: unknown; position?: unknown; firstOfSeveral?: boolean }
      return { ok: false, code: d.code, position: d.position, ...(d.firstOfSeveral && { firstOfSeveral: true }) }
    }
    const e = err as { code?: unknown; position?: unknown }
    return { ok: false, code: e.code, position: e.position }
  }
}

// ---- inputs: JSON documents with the field names the expressions use --------------------------

const KEYS = ['a', 'b', 'c', 'id', 'name', 'tags', 'items', 'n', 's', 'first_name', 'last_name', 'email', 'is_active', 'odd key', 'ü']

const scalar = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.constantFrom('', ' ', ' a  b ', '1.5', '-3', '0x1F', '1e3', 'true', '2024-01-02T03:04:05Z', '2024-01-02', 'a,b,c', 'Ünïcödé 😀x', 'x😀y'),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
  fc.constantFrom(0, 1, -1, 0.5, 2.5, -2.5, 1.005, 1e21, 1e-7),
  fc.boolean(),
  fc.constant(null),
)

const { json } = fc.letrec<{ json: unknown; object: Record<string, unknown>; array: unknown[] }>((tie) => ({
  json: fc.oneof({ maxDepth: 3, depthSize: 'small', withCrossShrink: true }, scalar, tie('object'), tie('array')),
  object: fc.dictionary(fc.constantFrom(...KEYS), tie('json'), { minKeys: 1, maxKeys: 6 }),
  array: fc.array(tie('json'), { maxLength: 4 }),
}))

const record = fc.dictionary(fc.constantFrom(...KEYS), json, { minKeys: 5, maxKeys: 12 })
const document = fc.oneof({ weight: 5, arbitrary: record }, { weight: 1, arbitrary: fc.array(record, { maxLength: 3 }) }, { weight: 1, arbitrary: json })
const toJson = (v: unknown): unknown => roundTrip(v)

const bindingsArb = json.map((v) => ({ config: { sub: 'acme', n: 2, list: [1, 2] }, now: '2024-05-06T07:08:09.000Z', v: toJson(v), page: 3 }))

// ---- expressions: strings built from the compiled subset --------------------------------------

const name = fc.oneof({ weight: 12, arbitrary: fc.constantFrom('a', 'b', 'c', 'id', 'name', 'tags', 'items', 'n', 's', 'first_name', '`odd key`', '`ü`') }, { weight: 1, arbitrary: fc.constant('missing') })
const stringLit = fc.oneof(fc.string({ maxLength: 5 }), fc.constantFrom('', ' ', 'a', ',', 'ACTIVE', '😀', '1')).map((s) => JSON.stringify(s))
const numberLit = fc.oneof(fc.integer({ min: -5, max: 20 }), fc.constantFrom(0.5, 2.5, 1.25, -1.5, 100)).map(String)
const literal = fc.oneof(stringLit, numberLit, fc.constantFrom('true', 'false', 'null'))

const predicate = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.constantFrom('[0]', '[-1]', '[1]', '[]') },
  { weight: 1, arbitrary: fc.tuple(name, literal).map(([n, l]) => `[${n} = ${l}]`) },
  { weight: 1, arbitrary: name.map((n) => `[${n}]`) },
)
const step = fc.tuple(name, predicate).map(([n, p]) => n + p)
const path = fc.oneof(
  { weight: 6, arbitrary: fc.array(step, { minLength: 1, maxLength: 1 }) },
  { weight: 3, arbitrary: fc.array(step, { minLength: 2, maxLength: 2 }) },
  { weight: 1, arbitrary: fc.array(step, { minLength: 3, maxLength: 3 }) },
).map((steps) => steps.join('.'))
const variable = fc.tuple(fc.constantFrom('$config', '$now', '$v', '$page', '$missing', '$', '$$'), fc.option(path, { nil: undefined }))
  .map(([v, p]) => (p === undefined ? v : `${v}.${p}`))

const FUNCTIONS = ['string', 'number', 'boolean', 'not', 'exists', 'lowercase', 'uppercase', 'trim', 'length', 'substring', 'substringBefore',
  'substringAfter', 'contains', 'join', 'split', 'round', 'floor', 'ceil', 'abs', 'count', 'sum', 'max', 'min', 'average', 'toMillis', 'fromMillis']
const BINARY = ['+', '-', '*', '/', '%', '=', '!=', '<', '<=', '>', '>=', 'and', 'or', '&', 'in']

const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    path,
    variable,
    literal,
    fc.tuple(tie('expr'), fc.constantFrom(...BINARY), tie('expr')).map(([l, op, r]) => `(${l}) ${op} (${r})`),
    fc.tuple(tie('expr'), tie('expr'), fc.option(tie('expr'), { nil: undefined })).map(([c, t, e]) => (e === undefined ? `(${c}) ? (${t})` : `(${c}) ? (${t}) : (${e})`)),
    tie('expr').map((e) => `-(${e})`),
    fc.tuple(fc.constantFrom(...FUNCTIONS), fc.array(tie('expr'), { maxLength: 3 })).map(([f, args]) => {
      // $toMillis / $fromMillis pictures are outside the subset; keep them to one argument
      const use = f === 'toMillis' || f === 'fromMillis' ? args.slice(0, 1) : args
      return `$${f}(${use.join(', ')})`
    }),
    fc.tuple(path, fc.constantFrom('string', 'uppercase', 'length', 'exists', 'number', 'boolean', 'count')).map(([p, f]) => `${p}.$${f}()`),
    fc.uniqueArray(fc.tuple(fc.constantFrom('k', 'x', 'first', '1', 'a b', '__proto__'), tie('expr')), { selector: ([k]) => k, maxLength: 3 })
      .map((pairs) => `{ ${pairs.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(', ')} }`),
    fc.tuple(path, fc.uniqueArray(fc.tuple(fc.constantFrom('k', 'v'), tie('expr')), { selector: ([k]) => k, minLength: 1, maxLength: 2 }))
      .map(([p, pairs]) => `${p}.{ ${pairs.map(([k, v]) => `"${k}": ${v}`).join(', ')} }`),
    fc.array(tie('expr'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
    fc.tuple(tie('expr'), fc.constantFrom('[0]', '[-1]', '[1]')).map(([e, p]) => `(${e})${p}`),
  ),
}))

async function assertSame(src: string, input: unknown, bindings: Record<string, unknown>): Promise<void> {
  const { compiled, interpreted } = compiledPair(src)
  expect(compiled.fast, `${src} should compile (${compiled.fallbackReason})`).toBe(true)
  const want = await outcome(() => interpreted.evaluate(input, bindings))
  const got = await outcome(() => compiled.evaluateSync!(input, bindings))
  const context = `${src}\ninput: ${JSON.stringify(input)}`
  if (!got.ok && got.firstOfSeveral) {
    // several members of one constructor failed: jsonata reports whichever rejected first
    expect(want.ok, context).toBe(false)
  } else {
    expect(got, context).toEqual(want)
  }
  // evaluate() is exact in every case, including several failures (it defers to jsonata for those)
  expect(await outcome(() => compiled.evaluate(input, bindings)), context).toEqual(want)
}

describe('compiled expressions match jsonata', () => {
  it('for generated expressions of the subset over arbitrary documents', async () => {
    await fc.assert(
      fc.asyncProperty(expr, fc.array(document, { minLength: 1, maxLength: 4 }), bindingsArb, async (src, inputs, bindings) => {
        for (const input of inputs) await assertSame(src, toJson(input), bindings)
      }),
      { numRuns: 500 },
    )
  })

  const MAPPINGS = [
    // Harvest users
    `{ "firstName": first_name, "lastName": last_name, "workEmail": email,
       "employmentStatus": is_active ? "ACTIVE" : "INACTIVE", "displayName": first_name & " " & last_name }`,
    // BambooHR directory
    `{ "id": $string(id), "displayName": displayName, "workEmail": workEmail, "jobTitle": jobTitle,
       "department": department, "location": location, "phone": mobilePhone ? mobilePhone : workPhone }`,
    // Gusto employees
    `{ "remoteId": uuid, "firstName": first_name, "lastName": last_name, "email": email,
       "terminated": terminated = true, "startDate": $substring(jobs[0].hire_date, 0, 10),
       "title": jobs[primary = true].title, "rate": $number(jobs[0].compensations[0].rate),
       "managerId": $exists(manager_uuid) ? $string(manager_uuid) }`,
    // time entries
    `{ "id": $string(id), "hours": $round(hours, 2), "minutes": $round(hours * 60),
       "project": project.name, "client": client.name, "billable": $boolean(billable),
       "date": spent_date, "notes": $trim(notes), "tags": [task.name, user.name] }`,
    `$string(id)`,
    `updated_at`,
    `$toMillis(updated_at)`,
    `$fromMillis($toMillis(updated_at))`,
    `users`,
    `links.next`,
    `$count(users) = 100 ? page + 1`,
    `data.{ "id": $string(id), "name": $uppercase(name), "emails": emails[type = "work"].address }[]`,
    `$join([first_name, last_name], " ")`,
    `$lowercase($trim(email)) in ["a@b.c", "x@y.z"]`,
    `$split(full_name, " ")[0] & "|" & $substringAfter(full_name, " ")`,
    `hours > 8 and is_active or $not(is_active)`,
    `{ "total": $sum(lines.amount), "count": $count(lines), "avg": $average(lines.amount), "max": $max(lines.amount) }`,
  ]

  const FIELD_NAMES = ['id', 'first_name', 'last_name', 'email', 'is_active', 'displayName', 'workEmail', 'jobTitle', 'department', 'location',
    'mobilePhone', 'workPhone', 'uuid', 'terminated', 'jobs', 'hire_date', 'primary', 'title', 'compensations', 'rate', 'manager_uuid',
    'hours', 'project', 'client', 'name', 'billable', 'spent_date', 'notes', 'task', 'user', 'updated_at', 'users', 'links', 'next', 'page',
    'data', 'emails', 'type', 'address', 'full_name', 'lines', 'amount']
  const fieldValue = fc.oneof(
    { weight: 6, arbitrary: scalar },
    { weight: 1, arbitrary: fc.constantFrom('2024-11-02T17:45:12.123Z', '2019-03-18', 'Ada Lovelace', ' A@B.C ', 'work') },
    { weight: 2, arbitrary: json },
  )
  const { rec } = fc.letrec<{ rec: Record<string, unknown> }>((tie) => ({
    rec: fc.dictionary(fc.constantFrom(...FIELD_NAMES), fc.oneof({ maxDepth: 3, depthSize: 'small' }, fieldValue, tie('rec'), fc.array(tie('rec'), { maxLength: 3 })), { maxKeys: 10 }),
  }))

  it.each(MAPPINGS.map((src) => ({ src })))('for the realistic mapping $src', async ({ src }) => {
    await fc.assert(
      fc.asyncProperty(rec, bindingsArb, async (r, bindings) => assertSame(src, toJson(r), bindings)),
      { numRuns: 100 },
    )
  })
})
