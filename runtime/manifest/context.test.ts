import { describe, expect, it } from 'vitest'
import { placeOf } from './context.ts'

const manifest = {
  resources: {
    plain: { list: {} },
    child: { parent: { resource: 'plain' }, incremental: { cursor: 'updated_at' }, list: {}, get: {} },
  },
}

describe('placeOf', () => {
  it.each([
    { path: ['http', 'baseUrl'], template: ['app', 'config', 'credentials', 'now'], expression: ['config', 'now'] },
    { path: ['resources', 'plain', 'list', 'path'], template: ['app', 'config', 'credentials', 'now', 'page'], expression: ['config', 'now'] },
    { path: ['resources', 'child', 'list', 'query', 'since'], template: ['app', 'config', 'credentials', 'cursor', 'now', 'page', 'parent'], expression: ['config', 'now'] },
    { path: ['resources', 'child', 'list', 'body', 'filter', 'after'], template: ['app', 'config', 'credentials', 'cursor', 'now', 'page', 'parent'], expression: ['config', 'now'] },
    { path: ['resources', 'child', 'get', 'path'], template: ['app', 'config', 'credentials', 'id', 'now', 'parent'], expression: ['config', 'now'] },
    { path: ['resources', 'child', 'list', 'records'], template: ['app', 'config', 'credentials', 'now'], expression: ['config', 'headers', 'now', 'response', 'status'] },
    { path: ['resources', 'child', 'list', 'paginate', 'stop', 'value'], template: ['app', 'config', 'credentials', 'now'], expression: ['config', 'headers', 'now', 'response', 'status'] },
    { path: ['resources', 'child', 'map'], template: ['app', 'config', 'credentials', 'now'], expression: ['config', 'now', 'parent'] },
    { path: ['resources', 'plain', 'map'], template: ['app', 'config', 'credentials', 'now'], expression: ['config', 'now'] },
    { path: ['resources', 'child', 'incremental', 'cursor'], template: ['app', 'config', 'credentials', 'now'], expression: ['config', 'now', 'parent'] },
    { path: ['http', 'errors', 0, 'when'], template: ['app', 'config', 'credentials', 'now'], expression: ['config', 'headers', 'now', 'response', 'status'] },
    { path: ['webhooks', 'events', 0, 'when'], template: ['app', 'config', 'credentials', 'now'], expression: ['config', 'headers', 'now'] },
  ])('$path', ({ path, template, expression }) => {
    const place = placeOf(path, manifest)
    expect([...place.template].sort()).toEqual(template)
    expect([...place.expression].sort()).toEqual(expression)
  })
})
