import jsonata from 'jsonata'
import { setFlagsFromString } from 'node:v8'
import { describe, expect, it } from 'vitest'
import { MaestroError } from '../errors.ts'
import { compileExpression } from './expression.ts'

const user = {
  id: 42,
  first_name: 'Ada',
  last_name: 'Lovelace',
  email: ' ADA@Example.com ',
  is_active: true,
  hours: 7.456,
  hire_date: '2019-03-18T09:00:00Z',
  tags: ['a', 'b'],
  one: ['only'],
  empty: [],
  nested: [[1, 2], [3]],
  address: { city: 'Paris', zip: '75001' },
  emails: [{ type: 'work', address: 'w@x' }, { type: 'home', address: 'h@x' }],
  lines: [{ amount: 10 }, { amount: 5.5 }, { amount: [1, 2] }],
  n: '12',
  nil: null,
}
const bindings = { config: { subdomain: 'acme', list: [1, 2] }, cursor: '2024-01-01', now: '2024-05-06T07:08:09.000Z', page: 2 }

const roundTrip = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)))

// expected values are checked against jsonata too, so a wrong expectation cannot hide a wrong compiler
const CONSTRUCTS: { name: string; src: string; want: unknown; input?: unknown }[] = [
  { name: 'name', src: 'first_name', want: 'Ada' },
  { name: 'nested path', src: 'address.city', want: 'Paris' },
  { name: 'missing path', src: 'address.street.name', want: undefined },
  { name: 'null value', src: 'nil', want: null },
  { name: 'path through null', src: 'nil.x', want: undefined },
  { name: 'path over an array maps', src: 'emails.type', want: ['work', 'home'] },
  { name: 'path flattens nested arrays one level', src: 'lines.amount', want: [10, 5.5, 1, 2] },
  { name: 'array value kept whole', src: 'tags', want: ['a', 'b'] },
  { name: 'singleton array kept whole at the end', src: 'one', want: ['only'] },
  { name: 'empty array kept', src: 'empty', want: [] },
  { name: 'keep-array on singleton', src: 'emails[type="work"].address[]', want: ['w@x'] },
  { name: 'index', src: 'tags[0]', want: 'a' },
  { name: 'negative index', src: 'tags[-1]', want: 'b' },
  { name: 'index on nested arrays', src: 'nested[0]', want: [1, 2] },
  { name: 'filter', src: 'emails[type = "home"].address', want: 'h@x' },
  { name: 'filter by truthiness', src: 'emails[address].type', want: ['work', 'home'] },
  { name: 'quoted name', src: '`first_name`', want: 'Ada' },
  { name: 'variable', src: '$cursor', want: '2024-01-01' },
  { name: 'variable path', src: '$config.subdomain', want: 'acme' },
  { name: 'unbound variable', src: '$nope', want: undefined },
  { name: 'context variable', src: '$.id', want: 42 },
  { name: 'root variable', src: '$$.address.zip', want: '75001' },
  { name: 'bound $now', src: '$now', want: '2024-05-06T07:08:09.000Z' },
  { name: 'string literal', src: '"x"', want: 'x' },
  { name: 'number literal', src: '-1.5', want: -1.5 },
  { name: 'boolean and null literals', src: '[true, false, null]', want: [true, false, null] },
  { name: 'object constructor omits undefined', src: '{ "a": first_name, "b": nope, "c": null }', want: { a: 'Ada', c: null } },
  { name: 'object keys in dictionary order', src: '{ "b": 1, "2": 2, "a": 3 }', want: { 2: 2, b: 1, a: 3 } },
  { name: '__proto__ key stays data', src: '{ "__proto__": 1 }', want: JSON.parse('{"__proto__":1}') },
  { name: 'object per item', src: 'emails.{ "t": type }', want: [{ t: 'work' }, { t: 'home' }] },
  { name: 'array constructor flattens values', src: '[first_name, tags, [1, 2]]', want: ['Ada', 'a', 'b', [1, 2]] },
  { name: 'concatenation casts', src: 'first_name & " " & id & true & nope & address', want: 'Ada 42true{"city":"Paris","zip":"75001"}' },
  { name: 'conditional', src: 'is_active ? "ACTIVE" : "INACTIVE"', want: 'ACTIVE' },
  { name: 'conditional without else', src: 'nope ? 1', want: undefined },
  { name: 'arithmetic', src: '(id + 1) * 2 - 4 / 2 % 3', want: 84 },
  { name: 'arithmetic with undefined', src: 'nope + 1', want: undefined },
  { name: 'comparisons', src: '[id > 1, id <= 42, "a" < "b", id = 42, id != 42, nope = nope]', want: [true, true, true, true, false, false] },
  { name: 'deep equality', src: 'address = { "zip": "75001", "city": "Paris" }', want: true },
  { name: 'and / or', src: 'is_active and (nope or 1)', want: true },
  { name: 'in', src: '"b" in tags', want: true },
  { name: 'negation', src: '-id', want: -42 },
  { name: 'block', src: '(nope; first_name)', want: 'Ada' },
  { name: '$exists', src: '[$exists(nope), $exists(nil)]', want: [false, true] },
  { name: '$string', src: '[$string(id), $string(0.1 + 0.2), $string(address)]', want: ['42', '0.3', '{"city":"Paris","zip":"75001"}'] },
  { name: '$number', src: '[$number(n), $number("0x1F"), $number(true)]', want: [12, 31, 1] },
  { name: '$boolean / $not', src: '[$boolean(empty), $boolean(tags), $not("")]', want: [false, true, true] },
  { name: 'case', src: '$lowercase(first_name) & $uppercase(last_name)', want: 'adaLOVELACE' },
  { name: '$trim', src: '$trim("  a \t b  ")', want: 'a b' },
  { name: '$substring', src: '[$substring(hire_date, 0, 10), $substring("a😀bc", 1, 2), $substring("abc", -2)]', want: ['2019-03-18', '😀b', 'bc'] },
  { name: '$substringBefore / After', src: '$substringBefore(email, "@") & "|" & $substringAfter(email, "@")', want: ' ADA|Example.com ' },
  { name: '$contains', src: '$contains(email, "Example")', want: true },
  { name: '$join / $split', src: '$join($split("a,b,c", ",", 2), "-")', want: 'a-b' },
  { name: 'rounding', src: '[$round(hours, 2), $round(2.5), $round(3.5), $floor(-1.5), $ceil(1.2), $abs(-3)]', want: [7.46, 2, 4, -2, 2, 3] },
  { name: 'aggregates', src: '[$count(emails), $sum([1, 2.5]), $max([3, 1]), $min([3, 1]), $average([1, 2])]', want: [2, 3.5, 3, 1, 1.5] },
  { name: 'dates', src: '[$toMillis(hire_date), $fromMillis(0)]', want: [1552899600000, '1970-01-01T00:00:00.000Z'] },
  { name: 'function as a path step', src: 'tags.$uppercase()', want: ['A', 'B'] },
  { name: 'context argument', src: 'email.$trim()', want: 'ADA@Example.com' },
  { name: 'array input maps paths', src: 'first_name', input: [{ first_name: 'A' }, { first_name: 'B' }], want: ['A', 'B'] },
  { name: 'array input as $', src: '$count($)', input: [1, 2, 3], want: 3 },
  { name: 'holes of sparse arrays are skipped', src: 'lines.amount', input: { lines: [{ amount: [1, , 2] }, , { amount: 3 }] }, want: [1, 2, 3] },
]

describe('compileExpression: compiled constructs', () => {
  it.each(CONSTRUCTS)('$name: $src', async ({ src, want, input = user }) => {
    const expr = compileExpression(src)
    expect(expr.fast, expr.fallbackReason).toBe(true)
    expect(roundTrip(await jsonata(src).evaluate(input, bindings))).toEqual(want)
    expect(roundTrip(expr.evaluateSync!(input, bindings))).toEqual(want)
    expect(roundTrip(await expr.evaluate(input, bindings))).toEqual(want)
  })
})

describe('compileExpression: fallback to jsonata', () => {
  const FALLBACKS = [
    { name: 'lambda', src: '$map(tags, function($t) { $uppercase($t) })', want: ['A', 'B'] },
    { name: 'wildcard', src: 'address.*', want: ['Paris', '75001'] },
    { name: 'descendants', src: '**.zip', want: '75001' },
    { name: 'unsupported function', src: '$keys(address)', want: ['city', 'zip'] },
    { name: 'date picture', src: '$fromMillis(0, "[Y0001]")', want: '1970' },
    { name: 'range', src: '[1..3]', want: [1, 2, 3] },
    { name: 'variable binding', src: '($x := 2; $x * id)', want: 84 },
    { name: 'computed key', src: '{ first_name: id }', want: { Ada: 42 } },
    { name: 'group by', src: 'emails{ type: address }', want: { work: 'w@x', home: 'h@x' } },
    { name: 'sort', src: 'tags^(>$)', want: ['b', 'a'] },
    { name: 'apply operator', src: 'first_name ~> $uppercase()', want: 'ADA' },
    { name: 'positional binding', src: 'tags#$i.$i', want: [0, 1] },
    { name: 'path over a constructed object', src: '{ "a": tags }.a', want: ['a', 'b'] },
    { name: 'regex', src: '$contains(email, /ada/i)', want: true },
    { name: 'duplicate keys', src: '{ "a": 1, "a": 2 }', error: 'D1009' },
    { name: 'built-in outside the subset', src: '$millis() > 0', want: true },
  ]
  it.each(FALLBACKS)('$name: $src', async ({ src, want, error }) => {
    const expr = compileExpression(src)
    expect(expr.fast).toBe(false)
    expect(expr.evaluateSync).toBeUndefined()
    expect(expr.fallbackReason).toEqual(expect.any(String))
    if (error) {
      await expect(expr.evaluate(user, bindings)).rejects.toMatchObject({ code: 'expression_failed', details: { code: error } })
    } else {
      expect(roundTrip(await expr.evaluate(user, bindings))).toEqual(want)
    }
  })

  it('returns plain objects and arrays from jsonata results', async () => {
    const expr = compileExpression('emails{ type: address }')
    const out = (await expr.evaluate(user)) as object
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
    const list = (await compileExpression('$map(emails, function($e) { $e.type })').evaluate(user)) as unknown[]
    expect(Object.keys(list)).toEqual(['0', '1'])
  })

  it('converts nested jsonata objects but returns untouched input parts by reference', async () => {
    const merged = (await compileExpression('$merge([{ "a": { "b": [1] } }])').evaluate(user)) as { a: object }
    expect(Object.getPrototypeOf(merged.a)).toBe(Object.prototype)
    expect(merged).toEqual({ a: { b: [1] } })
    const same = await compileExpression('(address.*; address)').evaluate(user)
    expect(same).toBe(user.address)
  })

  it('drops sequence flags from compiled results', () => {
    const out = compileExpression('emails.type').evaluateSync!(user) as unknown[]
    expect(Object.keys(out)).toEqual(['0', '1'])
    const obj = compileExpression('{ "t": emails.type }').evaluateSync!(user) as { t: unknown[] }
    expect(Object.keys(obj.t)).toEqual(['0', '1'])
  })

  it('builds results with fast properties, unlike jsonata', async () => {
    setFlagsFromString('--allow-natives-syntax')
    const hasFast = new Function('o', 'return %HasFastProperties(o)') as (o: unknown) => boolean
    const src = '{ "a": first_name, "b": last_name, "c": id, "d": email, "e": is_active, "f": hours, "g": n, "h": address.city, "i": tags }'
    expect(hasFast(compileExpression(src).evaluateSync!(user))).toBe(true)
    expect(hasFast(await compileExpression(`${src} ~> $merge()`).evaluate(user))).toBe(true)
    expect(hasFast(await jsonata(src).evaluate(user))).toBe(false)
  })
})

describe('compileExpression: bindings that need jsonata', () => {
  it.each([
    { name: 'a binding shadows a called built-in', src: '$string(id)', bindings: { string: 5 } },
    { name: '$now read but not bound', src: '$now', bindings: {} },
  ])('$name', async ({ src, bindings: b }) => {
    const expr = compileExpression(src)
    expect(() => expr.evaluateSync!(user, b)).toThrow(expect.objectContaining({ code: 'expression_failed', details: { code: 'needs_jsonata' } }))
    // roundTrip: an unbound $now is jsonata's function object, a new one per jsonata() call
    const viaJsonata = await jsonata(src).evaluate(user, b).then((v: unknown) => ({ v: roundTrip(v) }), (e: { code: string }) => ({ e: e.code }))
    const viaEvaluate = await expr.evaluate(user, b).then((v: unknown) => ({ v: roundTrip(v) }), (e: MaestroError) => ({ e: (e.details as { code: string }).code }))
    expect(viaEvaluate).toEqual(viaJsonata)
  })
})

describe('compileExpression: errors', () => {
  it.each([
    { src: 'a +', code: 'S0207', position: 3 },
    { src: '{ "a": }', code: 'S0211', position: 8 },
    { src: '"open', code: 'S0101', position: 5 },
    { src: 'a b', code: 'S0201', position: 3 },
  ])('syntax error in $src has code $code at $position', ({ src, code, position }) => {
    let thrown: unknown
    try {
      compileExpression(src)
    } catch (err) {
      thrown = err
    }
    expect(thrown).toBeInstanceOf(MaestroError)
    expect(thrown).toMatchObject({ code: 'expression_failed', details: { code, position } })
    let original: { code?: string; position?: number } = {}
    try {
      jsonata(src)
    } catch (err) {
      original = err as typeof original
    }
    expect([original.code, original.position]).toEqual([code, position])
  })

  it.each([
    { src: '"a" + 1', code: 'T2001', position: 5 },
    { src: '1 - "b"', code: 'T2002', position: 3 },
    { src: 'id > "a"', code: 'T2009', position: 4 },
    { src: 'address < 1', code: 'T2010', position: 9 },
    { src: '-first_name', code: 'D1002', position: 1 },
    { src: '$number("x1")', code: 'D3030', position: 8 },
    { src: '$substring(true)', code: 'T0410', position: 11 },
    { src: '$substring(1)', code: 'T0411', position: 11 },
    { src: '$uppercase()', code: 'T0411', position: 11, input: ['x'] },
    { src: '$sum(["a"])', code: 'T0412', position: 5 },
    { src: '$string(1/0)', code: 'D3001', position: 8 },
    { src: '$toMillis("yesterday")', code: 'D3110', position: 10 },
    { src: 'is_active and "a" + 1', code: 'T2001', position: 13 },
    { src: '$split("", nope)', code: undefined, position: 7 },
  ])('runtime error of $src is $code at $position, as in jsonata', async ({ src, code, position, input = user }) => {
    const expr = compileExpression(src)
    expect(expr.fast).toBe(true)
    const original = await jsonata(src).evaluate(input).then(() => ({}), (e: { code: string; position: number }) => ({ code: e.code, position: e.position }))
    expect(original).toEqual({ code, position })
    expect(() => expr.evaluateSync!(input)).toThrow(expect.objectContaining({ code: 'expression_failed', details: expect.objectContaining({ code, position }) }))
    await expect(expr.evaluate(input)).rejects.toMatchObject({ code: 'expression_failed', details: { code, position } })
  })

  it('chains the original error and keeps values out of the message', async () => {
    const expr = compileExpression('$number(secret)')
    const err = await expr.evaluate({ secret: 's3cr3t-token' }).catch((e: MaestroError) => e)
    expect(err).toBeInstanceOf(MaestroError)
    expect((err as MaestroError).message).not.toContain('s3cr3t')
    expect((err as MaestroError).cause).toMatchObject({ code: 'D3030' })
  })

  it('flags the error of a constructor with several failing members, and evaluate() reports jsonata\'s choice', async () => {
    const src = '{ "a": $round(hours, 2), "b": $trim(notes) }'
    const input = { hours: [], notes: {} }
    const expr = compileExpression(src)
    expect(() => expr.evaluateSync!(input)).toThrow(expect.objectContaining({ details: expect.objectContaining({ firstOfSeveral: true }) }))
    const original = await jsonata(src).evaluate(input).catch((e: { code: string; position: number }) => e)
    await expect(expr.evaluate(input)).rejects.toMatchObject({ details: { code: original.code, position: original.position } })
  })
})
