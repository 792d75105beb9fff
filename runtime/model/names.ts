/** The canonical model names, in publication order; the manifest schema keeps its own copy equal to this one. */
export const MODEL_NAMES = [
  'Company', 'Employee', 'Employment', 'PayrollRun', 'PayStatement', 'TimeEntry', 'TimeOff',
  'BackgroundCheck', 'Candidate', 'Team', 'Location',
] as const

/** One of the canonical model names, e.g. `'Employee'`. */
export type ModelName = (typeof MODEL_NAMES)[number]

/** True when `name` is a canonical model name. */
export const isModelName = (name: unknown): name is ModelName =>
  typeof name === 'string' && (MODEL_NAMES as readonly string[]).includes(name)
