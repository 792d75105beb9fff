/**
 * @module Per-connection sync schedules.
 */
export { createScheduler, type Scheduler, type SchedulerOptions, type SchedulerEngine } from './scheduler.ts'
export { jitterFor, jitterBound } from './jitter.ts'
