/**
 * @module A sync in its own process, for the kill test: `node --import tsx test/helpers/sync-child.ts '<json>'`.
 * Prints one line per committed batch (`progress <resource> <pages> <added>`) and `done <status>` at the end,
 * so the parent can kill it at a known point.
 */
import { fastHttp, openHarness, testConnector } from './sync-harness.ts'

/** What the parent passes as the one argument (JSON). */
export interface ChildArgs {
  dir: string
  connector: string
  baseUrl: string
  config: Record<string, unknown>
  credentials: Record<string, unknown>
  accessToken?: string
  resources?: string[]
  flushEvery: number
  /** Per-page size by resource, written into the list query or paginate block. */
  pageSize?: Record<string, { query?: string; paginate?: boolean; size: number }>
}

const args = JSON.parse(process.argv[2]) as ChildArgs
const connector = await testConnector(args.connector, (m) => {
  fastHttp(m)
  for (const [resource, p] of Object.entries(args.pageSize ?? {})) {
    const list = m.resources[resource].list
    if (p.query) list.query = { ...list.query, [p.query]: p.size }
    if (p.paginate && 'size' in list.paginate) list.paginate.size = p.size
  }
})
const h = await openHarness({ ...args, connector, engine: { flushEvery: args.flushEvery } })
h.bus.on('run.progress', (e) => { process.stdout.write(`progress ${e.resource} ${e.pages} ${e.counts.added}\n`) })
const run = await h.engine.sync(h.connection.id, { trigger: 'manual', ...(args.resources ? { resources: args.resources } : {}) })
await h.close()
process.stdout.write(`done ${run.status}\n`)
