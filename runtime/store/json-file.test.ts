import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CompactJsonFile, isObject, readJsonFile } from './json-file.ts'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'maestro-json-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('CompactJsonFile', () => {
  it('collapses writes requested during one in flight into a single next write of the latest data', async () => {
    const writes: string[] = []
    const file = join(dir, 'burst.json')
    const adapter = new CompactJsonFile<{ n: number }>(file, { fsync: true, onWrite: (f) => writes.push(f) })
    await Promise.all(Array.from({ length: 20 }, (_, n) => adapter.write({ n })))
    expect(writes).toHaveLength(2)
    expect(await readFile(file, 'utf8')).toBe('{"n":19}')
  })

  it('rejects the callers of a failed write and keeps writing afterwards', async () => {
    const file = join(dir, 'missing-dir', 'x.json')
    const adapter = new CompactJsonFile<object>(file, { fsync: false })
    await expect(adapter.write({ a: 1 })).rejects.toThrow()
    const circular: Record<string, unknown> = {}
    circular.self = circular
    await expect(adapter.write(circular)).rejects.toThrow()
    await mkdir(join(dir, 'missing-dir'))
    await adapter.write({ a: 2 })
    expect(await adapter.read()).toEqual({ a: 2 })
  })

  it('reads null for a file that does not exist yet', async () => {
    expect(await new CompactJsonFile(join(dir, 'none.json'), { fsync: false }).read()).toBeNull()
  })
})

describe('readJsonFile', () => {
  it.each([
    { name: 'empty', content: '', problem: 'empty' },
    { name: 'whitespace only', content: '  \n', problem: 'empty' },
    { name: 'truncated', content: '{"a":', problem: 'JSON' },
    { name: 'an array where an object belongs', content: '[]', problem: 'expected a JSON object' },
  ])('refuses a file that is $name with an internal error naming it', async ({ content, problem }) => {
    const file = join(dir, 'bad.json')
    await writeFile(file, content)
    await expect(readJsonFile(file, isObject)).rejects.toMatchObject({
      code: 'internal',
      message: expect.stringMatching(new RegExp(`${file.replace(/[.]/g, '\\.')}.*${problem}`)),
    })
  })
})
