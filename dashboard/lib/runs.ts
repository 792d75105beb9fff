/**
 * @module Reading a run record: how many problems it had and the one to show first.
 */
import type { Run, RunError } from '../api/types.ts'

/**
 * Problems in a run: each invalid record once (`counts.invalid`; the engine lists only the first few), plus
 * every other error. The run's `errors` repeats its resources' errors, so it alone is the source.
 * @example
 * errorCount(run) // 3
 */
export const errorCount = (run: Pick<Run, 'errors' | 'counts'>): number =>
  run.errors.filter((e) => e.code !== 'mapping_invalid').length + run.counts.invalid

/** The error to show for a run: a failure before an invalid record. */
export const firstError = (run: Pick<Run, 'errors'>): RunError | undefined =>
  run.errors.find((e) => e.code !== 'mapping_invalid') ?? run.errors[0]
