import { describe, expect, it } from 'vitest'
import { parseQboQuery, QboQueryError, runQboQuery } from './quickbooks-query.ts'

const rows = [
  { Id: '3', Active: true, MetaData: { LastUpdatedTime: '2025-11-09T11:55:25-08:00' } },
  { Id: '1', Active: false, MetaData: { LastUpdatedTime: '2025-11-09T19:55:26Z' } },
  { Id: '2', Active: true, MetaData: { LastUpdatedTime: '2025-11-08T10:00:00-08:00' } },
  { Id: '4', Active: true, MetaData: { LastUpdatedTime: '2025-11-10T00:00:00+00:00' } },
]
const ids = (sql: string, activeOnly = true) => runQboQuery(parseQboQuery(sql), rows, { activeOnly }).rows.map((r) => r.Id)

describe('QuickBooks query subset', () => {
  it.each([
    { name: 'list entity without Active condition hides inactive rows', sql: 'select * from Employee', ids: ['2', '3', '4'] },
    { name: 'Active IN (true,false) includes inactive rows', sql: 'select * from Employee where Active IN (true,false)', ids: ['1', '2', '3', '4'] },
    { name: 'transactions have no Active default', sql: 'select * from TimeActivity', activeOnly: false, ids: ['1', '2', '3', '4'] },
    { name: 'ORDER BY the change time, offsets compared as instants', sql: 'select * from Employee where Active IN (true,false) ORDER BY Metadata.LastUpdatedTime ASC', ids: ['2', '3', '1', '4'] },
    { name: 'ORDERBY as one word, descending', sql: 'SELECT * FROM Employee WHERE Active IN (true,false) ORDERBY Metadata.LastUpdatedTime DESC', ids: ['4', '1', '3', '2'] },
    { name: 'strictly later than a timestamp with an offset', sql: "select * from Employee where Active IN (true,false) and Metadata.LastUpdatedTime > '2025-11-09T19:55:25+00:00'", ids: ['1', '4'] },
    { name: 'STARTPOSITION is 1-based', sql: 'select * from Employee where Active IN (true,false) STARTPOSITION 2 MAXRESULTS 2', ids: ['2', '3'] },
    { name: 'past the end is empty', sql: 'select * from Employee STARTPOSITION 9 MAXRESULTS 2', ids: [] },
    { name: 'Id equality on a string literal', sql: "select * from Employee where Id = '3'", ids: ['3'] },
  ])('$name', ({ sql, activeOnly, ids: expected }) => {
    expect(ids(sql, activeOnly ?? true)).toEqual(expected)
  })

  it('reads COUNT(*) and clamps MAXRESULTS to 1000', () => {
    expect(parseQboQuery('select count(*) from TimeActivity MAXRESULTS 5000')).toMatchObject({ count: true, entity: 'TimeActivity', maxResults: 1000, startPosition: 1 })
  })

  it.each([
    { name: 'UTC written as Z', sql: "select * from Employee where Metadata.LastUpdatedTime > '2025-11-09T19:55:25Z'", error: /date-time literal/ },
    { name: 'an offset without a colon', sql: "select * from Employee where Metadata.LastUpdatedTime > '2025-11-09T19:55:25+0000'", error: /date-time literal/ },
    { name: 'OR', sql: 'select * from Employee where Active = true or Active = false', error: /OR is not supported/ },
    { name: 'a projection', sql: 'select Id from Employee', error: /expected "\*"/ },
    { name: 'STARTPOSITION 0', sql: 'select * from Employee STARTPOSITION 0', error: /positive integer/ },
    { name: 'trailing text', sql: 'select * from Employee limit 5', error: /unexpected "limit"/ },
  ])('refuses $name', ({ sql, error }) => {
    expect(() => parseQboQuery(sql)).toThrow(QboQueryError)
    expect(() => parseQboQuery(sql)).toThrow(error)
  })
})
