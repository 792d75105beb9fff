import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { glob, globToRegExp } from './glob.ts'

describe('globToRegExp', () => {
  it.each([
    ['connectors/*/connector.yaml', 'connectors/harvest/connector.yaml', true],
    ['connectors/*/connector.yaml', 'connectors/a/b/connector.yaml', false],
    ['examples/**/*.yaml', 'examples/x.yaml', true],
    ['examples/**/*.yaml', 'examples/a/b/x.yaml', true],
    ['examples/**/*.{yaml,yml}', 'examples/a/x.yml', true],
    ['examples/**/*.{yaml,yml}', 'examples/a/x.json', false],
    ['file?.yaml', 'file1.yaml', true],
    ['a.b', 'axb', false],
  ])('%s matches %s: %s', (pattern, path, want) => {
    expect(globToRegExp(pattern).test(path)).toBe(want)
  })
})

describe('glob', () => {
  let root: string
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'maestro-glob-'))
    for (const file of ['a/one.yaml', 'a/b/two.yaml', 'a/node_modules/x.yaml', 'a/.hidden/y.yaml', 'c/three.yml']) {
      await mkdir(join(root, file, '..'), { recursive: true })
      await writeFile(join(root, file), '')
    }
  })
  afterAll(() => rm(root, { recursive: true, force: true }))

  it('walks below the fixed prefix, skipping node_modules and dot-folders', async () => {
    expect(await glob('a/**/*.yaml', root)).toEqual(['a/b/two.yaml', 'a/one.yaml'])
    expect(await glob('**/*.{yaml,yml}', root)).toEqual(['a/b/two.yaml', 'a/one.yaml', 'c/three.yml'])
    expect(await glob('missing/*.yaml', root)).toEqual([])
  })
})
