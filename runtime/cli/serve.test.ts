import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { run } from './serve.ts'

let out: string
let err: string
beforeEach(() => {
  out = ''
  err = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => { out += String(s); return true })
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => { err += String(s); return true })
})
afterEach(() => { vi.restoreAllMocks() })

describe('maestro serve', () => {
  it.each([
    { name: 'a port that is not a number', args: ['--port', 'eighty'], status: 2, stream: 'err', text: '--port must be an integer' },
    { name: 'a port out of range', args: ['--port', '70000'], status: 2, stream: 'err', text: '--port must be an integer' },
    { name: 'an unknown flag', args: ['--prot', '80'], status: 2, stream: 'err', text: 'Usage: maestro serve' },
    { name: '--help', args: ['--help'], status: 0, stream: 'out', text: '--sandbox' },
  ])('answers $name with status $status', async ({ args, status, stream, text }) => {
    expect(await run(args)).toBe(status)
    expect(stream === 'out' ? out : err).toContain(text)
  })

  it('reports a start failure with its hint and status 1, leaving no server behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'maestro-cli-'))
    try {
      expect(await run(['--port', '0', '--data', dir, '--connectors', join(dir, 'missing')])).toBe(1)
      expect(err).toContain('maestro serve: cannot read the connectors folder')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
