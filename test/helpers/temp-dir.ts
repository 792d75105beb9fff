/**
 * @module Temporary directories for tests, removed together at the end of the file's tests.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A factory of temporary directories and the cleanup that removes them all (call it in afterAll).
 * @example
 * const temp = tempDirs('maestro-sync-')
 * afterAll(temp.cleanup)
 * const dir = await temp.make()
 */
export function tempDirs(prefix = 'maestro-test-'): { make(): Promise<string>; cleanup(): Promise<void> } {
  const made: string[] = []
  return {
    async make() {
      const dir = await mkdtemp(join(tmpdir(), prefix))
      made.push(dir)
      return dir
    },
    async cleanup() {
      await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })))
    },
  }
}
