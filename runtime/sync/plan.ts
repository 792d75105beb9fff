/**
 * @module Which resources a run syncs, and in what order: the requested ones plus their ancestors,
 * parents always before their children, otherwise in manifest order.
 */
import { MaestroError } from '../errors.ts'
import type { ConnectorManifest } from '../manifest/schema/index.ts'

/**
 * The ordered resource names of a run.
 * @example
 * planResources(gusto, ['employees']) // ['companies', 'employees']
 */
export function planResources(manifest: ConnectorManifest, requested?: string[]): string[] {
  const all = Object.keys(manifest.resources)
  const unknown = (requested ?? []).filter((r) => !(r in manifest.resources))
  if (unknown.length > 0) {
    throw new MaestroError('invalid_request', `Connector ${manifest.id} has no resource ${unknown.map((u) => `"${u}"`).join(', ')}.`, { details: { unknown, resources: all } })
  }
  const wanted = new Set<string>()
  const add = (name: string, trail: string[]) => {
    if (trail.includes(name)) throw new MaestroError('manifest_invalid', `Resources of ${manifest.id} form a parent cycle: ${[...trail, name].join(' → ')}.`)
    const parent = manifest.resources[name].parent?.resource
    if (parent) add(parent, [...trail, name])
    wanted.add(name)
  }
  for (const name of requested && requested.length > 0 ? requested : all) add(name, [])
  const depth = (name: string): number => {
    const parent = manifest.resources[name].parent?.resource
    return parent ? 1 + depth(parent) : 0
  }
  // Stable sort by depth keeps manifest order among resources at the same level.
  return all.filter((n) => wanted.has(n)).sort((a, b) => depth(a) - depth(b))
}
