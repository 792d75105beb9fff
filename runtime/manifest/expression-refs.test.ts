import jsonata from 'jsonata'
import { describe, expect, it } from 'vitest'
import { fieldNames, freeVariables, rootNames } from './expression-refs.ts'

const ast = (source: string) => jsonata(source).ast() as Record<string, any>
const show = (refs: { name: string; start: number; end: number; field?: { name: string } }[], source: string) =>
  refs.map((r) => `${r.name}${r.field ? `.${r.field.name}` : ''}@${source.slice(r.start, r.end)}`)

describe('rootNames', () => {
  it.each([
    { source: 'cursor', want: ['cursor@cursor'] },
    { source: 'config.accountId & "-" & page.number', want: ['config.accountId@config', 'page.number@page'] },
    { source: '$.config.region', want: ['config.region@config'] },
    { source: 'items[kind = "x"].id', want: ['items.id@items'] },
    { source: '$string(id) & `x-total`', want: ['id@id', 'x-total@x-total'] },
    { source: '{ "a": parent.id }', want: ['parent.id@parent'] },
    { source: '$now()', want: [] },
  ])('$source', ({ source, want }) => {
    expect(show(rootNames(ast(source), source), source)).toEqual(want)
  })
})

describe('freeVariables', () => {
  it.each([
    { source: '$parent.id', want: ['parent.id@$parent'] },
    { source: '$string(id) & $uppercase(name) & $now()', want: [] },
    { source: '($x := 1; $x + $y)', want: ['y@$y'] },
    { source: '$map(items, function($v, $i) { $v + $i + $k })', want: ['k@$k'] },
    { source: 'items@$it#$n.{ "a": $it, "n": $n }', want: [] },
    { source: '$ + $$', want: [] },
    { source: '$number($headers.`x-total-pages`)', want: ['headers.x-total-pages@$headers'] },
  ])('$source', ({ source, want }) => {
    expect(show(freeVariables(ast(source), source), source)).toEqual(want)
  })
})

describe('fieldNames', () => {
  it.each([
    { source: '{ "a": first_name, "b": address.city }', want: ['address', 'city', 'first_name'] },
    { source: 'jobs[primary = true][0].title', want: ['jobs', 'primary', 'title'] },
    { source: '$sift($, function($v) { $v })', want: 'all' },
    { source: '**.id', want: 'all' },
    { source: '*', want: 'all' },
  ])('$source', ({ source, want }) => {
    const names = fieldNames(ast(source))
    expect(names === 'all' ? 'all' : [...names].sort()).toEqual(want)
  })
})
