import { describe, expect, it } from 'vitest'
import { referencedVariables } from './variables.ts'

describe('referencedVariables', () => {
  it.each([
    { name: 'template: bare first steps and $vars', src: 'https://{{ config.subdomain }}/x?since={{ $cursor }}', mode: 'template', want: ['config', 'cursor'] },
    { name: 'template: only the first step of a path', src: '{{ response.body.next }}', mode: 'template', want: ['response'] },
    { name: 'template: predicates are relative', src: '{{ items[type = "x"].id }}', mode: 'template', want: ['items'] },
    { name: 'template: function arguments are at the root', src: '{{ $uppercase(config.id) & page }}', mode: 'template', want: ['config', 'page'] },
    { name: 'template: object and array constructors', src: '{{ {"a": cursor, "b": [page]} }}', mode: 'template', want: ['cursor', 'page'] },
    { name: 'template: conditionals', src: '{{ cursor ? cursor : now }}', mode: 'template', want: ['cursor', 'now'] },
    { name: 'template: constant', src: 'https://api.example.com', mode: 'template', want: [] },
    { name: 'template: $ and $$ are not variables', src: '{{ $.page & $$.cursor }}', mode: 'template', want: [] },
    { name: 'expression: bare names are input fields', src: 'first_name & " " & last_name', mode: 'expression', want: [] },
    { name: 'expression: $vars', src: '$string(id) & $config.x & $now', mode: 'expression', want: ['config', 'now'] },
    { name: 'expression: built-in calls are not variables', src: '$count(users) = 100 ? $page + 1', mode: 'expression', want: ['page'] },
    { name: 'expression: := binds within its block', src: '($x := 1; $x + $y)', mode: 'expression', want: ['y'] },
    { name: 'expression: use before binding is free', src: '($x; $x := 1)', mode: 'expression', want: ['x'] },
    { name: 'expression: lambda parameters', src: '$map(items, function($v, $i) { $v + $i + $k })', mode: 'expression', want: ['k'] },
    { name: 'expression: positional and focus bindings', src: 'items#$i[$i < $max]', mode: 'expression', want: ['max'] },
    { name: 'expression: sort terms and group values', src: 'items^(>$z){ name: $w }', mode: 'expression', want: ['z', 'w'] },
    { name: 'expression: calling a bound variable', src: '($f := function($x){$x}; $f($cursor))', mode: 'expression', want: ['cursor'] },
  ] as const)('$name', ({ src, mode, want }) => {
    expect([...referencedVariables(src, mode)].sort()).toEqual([...want].sort())
  })

  it.each([
    { src: 'x {{ a + }}', mode: 'template', details: { code: 'S0207', offset: 4, position: 9 } },
    { src: 'a +', mode: 'expression', details: { code: 'S0207', position: 3 } },
  ] as const)('reports syntax errors with their position: $src', ({ src, mode, details }) => {
    expect(() => referencedVariables(src, mode)).toThrow(expect.objectContaining({ code: 'expression_failed', details: expect.objectContaining(details) }))
  })
})
