import { describe, expect, it } from 'vitest'
import { MaestroError } from '../errors.ts'
import { compileTemplate, isTemplate, splitTemplate } from './template.ts'

const context = {
  config: { subdomain: 'acme', accountId: '123' },
  cursor: '2024-01-01T00:00:00Z',
  page: 0,
  id: 7,
  response: { body: { next: 'https://x/y?page=2' }, headers: {}, status: 200 },
  nothing: null,
}

describe('compileTemplate: rendering', () => {
  it.each([
    { name: 'constant', text: 'https://api.harvestapp.com/v2', want: 'https://api.harvestapp.com/v2' },
    { name: 'empty string is a constant', text: '', want: '' },
    { name: 'bare context path', text: 'https://{{ config.subdomain }}.bamboohr.com/api/v1', want: 'https://acme.bamboohr.com/api/v1' },
    { name: 'binding form', text: 'https://{{ $config.subdomain }}.bamboohr.com', want: 'https://acme.bamboohr.com' },
    { name: 'single expression returns the raw value', text: '{{ page }}', want: 0 },
    { name: 'single expression returns objects', text: '{{ config }}', want: { subdomain: 'acme', accountId: '123' } },
    { name: 'single expression may be undefined', text: '{{ missing }}', want: undefined },
    { name: 'single expression keeps null', text: '{{ nothing }}', want: null },
    { name: 'numbers are cast like $string', text: 'page={{ page + 1.5 }}&id={{ id }}', want: 'page=1.5&id=7' },
    { name: 'an undefined part drops the whole template', text: 'since={{ missing }}', want: undefined },
    { name: 'a null part drops the whole template', text: 'x-{{ nothing }}', want: undefined },
    { name: 'several parts', text: '/users/{{ id }}/entries?from={{ cursor }}', want: '/users/7/entries?from=2024-01-01T00:00:00Z' },
    { name: 'braces inside the expression', text: 'v={{ {"a": {"b": id}}.a.b }}!', want: 'v=7!' },
    { name: 'closing braces inside a string literal', text: '{{ "}}" & id }}', want: '}}7' },
    { name: 'stray closing braces are text', text: 'a }} b', want: 'a }} b' },
    { name: 'padding spaces make it a string', text: ' {{ page }}', want: ' 0' },
  ])('$name: $text', async ({ text, want }) => {
    const template = compileTemplate(text)
    expect(await template.render(context)).toEqual(want)
    if (template.renderSync) expect(template.renderSync(context)).toEqual(want)
  })

  it('has renderSync only when every expression is compiled', () => {
    expect(compileTemplate('a {{ id }} {{ cursor }}').renderSync).toBeTypeOf('function')
    expect(compileTemplate('constant').renderSync).toBeTypeOf('function')
    expect(compileTemplate('a {{ $keys(config)[0] }}').renderSync).toBeUndefined()
  })

  it('applies encode to interpolated values only', async () => {
    const template = compileTemplate('/users/{{ name }}?q={{ q }}')
    const ctx = { name: 'a/b c', q: 'x&y' }
    expect(template.renderSync!(ctx, { encode: encodeURIComponent })).toBe('/users/a%2Fb%20c?q=x%26y')
    expect(await template.render(ctx, { encode: encodeURIComponent })).toBe('/users/a%2Fb%20c?q=x%26y')
  })

  it('exposes parts with offsets and the compiled expressions', () => {
    const template = compileTemplate('https://{{ config.subdomain }}.x/{{ id }}')
    expect(template.parts.map((p) => (p.kind === 'text' ? p.text : [p.source, p.offset]))).toEqual([
      'https://', [' config.subdomain ', 10], '.x/', [' id ', 35],
    ])
    expect(template.expressions.map((e) => e.source)).toEqual([' config.subdomain ', ' id '])
  })
})

describe('compileTemplate: errors', () => {
  it.each([
    { name: 'syntax error in the second expression', text: 'a {{ id }} b {{ id + }}', offset: 15, position: 21 },
    { name: 'syntax error in a single expression', text: '{{ ) }}', offset: 2, position: 4 },
    { name: 'unclosed braces', text: 'a {{ id', offset: 2, position: 2 },
  ])('$name carries the offset in the template', ({ text, offset, position }) => {
    let thrown: unknown
    try {
      compileTemplate(text)
    } catch (err) {
      thrown = err
    }
    expect(thrown).toBeInstanceOf(MaestroError)
    expect(thrown).toMatchObject({ code: 'expression_failed', details: { offset, position } })
  })

  it('anchors runtime errors to the template too', async () => {
    const template = compileTemplate('x={{ config + 1 }}')
    await expect(template.render(context)).rejects.toMatchObject({ code: 'expression_failed', details: { code: 'T2001', offset: 4, position: 4 + 9 } })
    expect(() => template.renderSync!(context)).toThrow(expect.objectContaining({ details: expect.objectContaining({ code: 'T2001', offset: 4 }) }))
  })
})

describe('isTemplate / splitTemplate', () => {
  it.each([
    { text: 'plain', template: false },
    { text: '{{ x }}', template: true },
    { text: 'a {{x}} b', template: true },
    { text: '{ x }', template: false },
  ])('isTemplate($text) is $template', ({ text, template }) => {
    expect(isTemplate(text)).toBe(template)
  })

  it('splits text and expressions', () => {
    expect(splitTemplate('a{{b}}c{{ d }}')).toEqual([
      { kind: 'text', text: 'a' },
      { kind: 'expression', source: 'b', offset: 3 },
      { kind: 'text', text: 'c' },
      { kind: 'expression', source: ' d ', offset: 9 },
    ])
  })
})
