/**
 * @module A resource's record expressions (`id`, `map`, `modifiedAt`, `incremental.cursor`, `deletion.when`),
 * compiled once per manifest object and evaluated synchronously where the mapping layer allows it.
 */
import { compileExpression } from '../mapping/index.ts'
import type { ResourceSpec } from '../manifest/schema/index.ts'

/** One compiled record expression: the raw provider record is the focus, `$config`/`$parent` are bound. */
export type RecordFn = (raw: unknown, bindings: Record<string, unknown>) => unknown | Promise<unknown>

/** The compiled record expressions of one resource. */
export interface CompiledResource {
  id: RecordFn
  map: RecordFn
  modifiedAt?: RecordFn
  cursor?: RecordFn
  deletedWhen?: RecordFn
}

const cache = new WeakMap<ResourceSpec, CompiledResource>()

const needsJsonata = (err: unknown) => (err as { details?: { code?: string } })?.details?.code === 'needs_jsonata'

function fn(source: string): RecordFn {
  const c = compileExpression(source)
  const sync = c.evaluateSync
  if (!sync) return (raw, b) => c.evaluate(raw, b)
  // The compiled fast path is synchronous, so records mapped by it cost no promise; an evaluation it
  // cannot do exactly (it says `needs_jsonata`) goes through jsonata instead.
  return (raw, b) => {
    try {
      return sync(raw, b)
    } catch (err) {
      if (needsJsonata(err)) return c.evaluate(raw, b)
      throw err
    }
  }
}

/**
 * Compile (or fetch from cache) the record expressions of a resource.
 * @example
 * const c = compileResource(manifest.resources.employees)
 * const data = await c.map(raw, { $config: {} })
 */
export function compileResource(spec: ResourceSpec): CompiledResource {
  let compiled = cache.get(spec)
  if (!compiled) {
    compiled = {
      id: fn(spec.id),
      map: fn(spec.map),
      ...(spec.modifiedAt ? { modifiedAt: fn(spec.modifiedAt) } : {}),
      ...(spec.incremental ? { cursor: fn(spec.incremental.cursor) } : {}),
      ...(spec.deletion?.strategy === 'field' && spec.deletion.when ? { deletedWhen: fn(spec.deletion.when) } : {}),
    }
    cache.set(spec, compiled)
  }
  return compiled
}
