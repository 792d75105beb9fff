import { describe, expect, it } from 'vitest'
import { parseLinkHeader } from './link-header.ts'

describe('parseLinkHeader', () => {
  it.each([
    { name: 'GitHub style', value: '<https://a.test/x?page=2>; rel="next", <https://a.test/x?page=5>; rel="last"', rel: 'next', url: 'https://a.test/x?page=2' },
    { name: 'several relations in one link', value: '<https://a.test/x?page=1>; rel="first", <https://a.test/x?page=2>; rel="next last"', rel: 'last', url: 'https://a.test/x?page=2' },
    { name: 'unquoted rel and extra params', value: '<https://a.test/x?page=3>; title="a, b; c"; rel=next', rel: 'next', url: 'https://a.test/x?page=3' },
    { name: 'commas inside the URL', value: '<https://a.test/x?ids=1,2,3>; rel="next"', rel: 'next', url: 'https://a.test/x?ids=1,2,3' },
    { name: 'relation names are case-insensitive', value: '<https://a.test/n>; REL="Next"', rel: 'next', url: 'https://a.test/n' },
    { name: 'no next link', value: '<https://a.test/x?page=1>; rel="prev"', rel: 'next', url: undefined },
    { name: 'no header', value: undefined, rel: 'next', url: undefined },
  ])('$name', ({ value, rel, url }) => {
    expect(parseLinkHeader(value).get(rel)).toBe(url)
  })
})
