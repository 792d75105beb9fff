import { describe, expect, it } from 'vitest'
import { makeCheckpoint, passStart } from './checkpoint.ts'
import type { ResourceState } from '../store/types.ts'

const position = { next: { index: 3, page: { number: 4 } }, cursor: '2024-01-01T00:00:00Z', passStartedAt: '2026-01-01T00:00:00.000Z' }
const state = (full: boolean, page: unknown = position): ResourceState => ({
  connectionId: 'con_1', resource: 'employees', cursor: '2024-01-01T00:00:00Z',
  checkpoint: { runId: 'run_old', page, cursorCandidate: '2024-02-01T00:00:00Z', full, pages: 3 },
})

describe('passStart', () => {
  it.each([
    { name: 'no state', state: undefined, full: false, resumed: false },
    { name: 'no checkpoint', state: { connectionId: 'c', resource: 'r', checkpoint: null }, full: false, resumed: false },
    { name: 'incremental checkpoint, incremental run', state: state(false), full: false, resumed: true },
    { name: 'full checkpoint, incremental run', state: state(true), full: false, resumed: true },
    { name: 'full checkpoint, full run', state: state(true), full: true, resumed: true },
    { name: 'incremental checkpoint, full run starts over', state: state(false), full: true, resumed: false },
    { name: 'foreign checkpoint shape', state: state(false, { something: 1 }), full: false, resumed: false },
  ])('$name', ({ state, full, resumed }) => {
    expect(passStart(state, { full }).resumed).toBe(resumed)
  })

  it('hands back the stopped pass: its seen-mark, fullness, position, cursor candidate and pages', () => {
    expect(passStart(state(true), { full: false })).toEqual({
      resumed: true, seenToken: 'run_old', full: true, position, cursorCandidate: '2024-02-01T00:00:00Z', pages: 3,
    })
  })

  it('round-trips through makeCheckpoint and JSON', () => {
    const cp = makeCheckpoint({ seenToken: 'run_1', full: false, pages: 2, cursorCandidate: null, position })
    const back = passStart({ connectionId: 'c', resource: 'r', checkpoint: JSON.parse(JSON.stringify(cp)) }, { full: false })
    expect(back).toEqual({ resumed: true, seenToken: 'run_1', full: false, position, cursorCandidate: null, pages: 2 })
  })
})
