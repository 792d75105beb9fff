/**
 * @module Provider simulators for the sandbox: local HTTP servers that answer like Harvest,
 * BambooHR and Gusto, written from shared/providers/*.md.
 */
import { pathToFileURL } from 'node:url'
import { startBambooHRSimulator } from './bamboohr.ts'
import { startGustoSimulator } from './gusto.ts'
import { startHarvestSimulator } from './harvest.ts'

export { startHarvestSimulator, type HarvestSimulator, type HarvestSimulatorOptions, type HarvestCredentials } from './harvest.ts'
export { startBambooHRSimulator, signBambooHRWebhook, BAMBOOHR_WEBHOOK_USER_AGENT, type BambooHRSimulator, type BambooHRSimulatorOptions, type BambooHRCredentials } from './bamboohr.ts'
export { startGustoSimulator, signGustoWebhook, type GustoSimulator, type GustoSimulatorOptions, type GustoCredentials, type GustoEvent } from './gusto.ts'
export { FaultPlan, type Fault, type FaultMatch } from './common/faults.ts'
export type { Simulator, SimulatorOptions, RequestLogEntry } from './common/types.ts'

/**
 * Every simulator by connector id.
 * @example
 * const sim = await SIMULATORS.harvest({ seed: 7 })
 */
export const SIMULATORS = {
  harvest: startHarvestSimulator,
  bamboohr: startBambooHRSimulator,
  gusto: startGustoSimulator,
} as const

export type SimulatorId = keyof typeof SIMULATORS

// `npx tsx examples/sandbox/simulators/index.ts [harvest|bamboohr|gusto …]` starts simulators and
// prints where they listen, with their generated (fake, sandbox-only) credentials.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const ids = (process.argv.length > 2 ? process.argv.slice(2) : Object.keys(SIMULATORS)) as SimulatorId[]
  const running: Array<{ close(): Promise<void> }> = []
  for (const id of ids) {
    if (!(id in SIMULATORS)) throw new Error(`Unknown simulator "${id}"; choose from ${Object.keys(SIMULATORS).join(', ')}`)
    const sim = await SIMULATORS[id]()
    running.push(sim)
    console.log(JSON.stringify({ simulator: id, url: sim.url, credentials: sim.credentials }))
  }
  process.once('SIGINT', () => void Promise.all(running.map((s) => s.close())).then(() => process.exit(0)))
}
