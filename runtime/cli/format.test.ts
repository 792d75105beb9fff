import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../manifest/diagnostic.ts'
import { githubLine, render, textLine } from './format.ts'

const d: Diagnostic = {
  file: 'connectors/x/connector.yaml', line: 12, column: 15, endLine: 12, endColumn: 21,
  severity: 'error', code: 'unknown_type', message: 'unknown paginate type `curser`, expected one of page, cursor', hint: 'Did you mean `cursor`?',
}

describe('format', () => {
  it('prints file:line:col severity code message and a hint line', () => {
    expect(textLine(d)).toBe('connectors/x/connector.yaml:12:15 error unknown_type unknown paginate type `curser`, expected one of page, cursor\n    hint: Did you mean `cursor`?\n')
  })

  it('prints GitHub annotations with escaped properties and data', () => {
    expect(githubLine({ ...d, file: 'a,b:c.yaml', message: '100% wrong\nreally' }))
      .toBe('::error file=a%2Cb%3Ac.yaml,line=12,col=15,endLine=12,endColumn=21,title=unknown_type::100%25 wrong%0Areally%0ADid you mean `cursor`?\n')
    expect(githubLine({ ...d, severity: 'warning' })).toMatch(/^::warning /)
  })

  it('summarises text output and counts in JSON', () => {
    expect(render('text', { files: ['a', 'b'], diagnostics: [] })).toBe('✓ 2 manifests valid\n')
    expect(render('text', { files: ['a'], diagnostics: [d] })).toMatch(/1 error, 0 warnings in 1 manifest\n$/)
    expect(JSON.parse(render('json', { files: ['a'], diagnostics: [d, { ...d, severity: 'warning' }] }))).toMatchObject({ files: ['a'], errors: 1, warnings: 1 })
  })
})
