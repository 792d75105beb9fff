/**
 * @module References between parts of a schema-valid manifest: parents exist and form no cycle,
 * webhook events name existing resources (with a `get` when they refetch), routing reads a
 * declared config field.
 */
import type { ConnectorManifest } from './schema/index.ts'
import { connectionNames } from './check-expressions.ts'
import { diagnostic, type Diagnostic } from './diagnostic.ts'
import type { Positions } from './positions.ts'
import { didYouMean } from './suggest.ts'

/** Check parent and webhook references of a manifest that passed the schema. */
export function checkReferences(m: ConnectorManifest, positions: Positions, file: string): Diagnostic[] {
  const out: Diagnostic[] = []
  const names = Object.keys(m.resources)
  const unknown = (name: string, path: (string | number)[], what: string) =>
    diagnostic(file, positions.valueSpan(path), 'unknown_resource', `${what} names resource \`${name}\`, which is not declared`,
      { hint: didYouMean(name, names) ?? `Declared resources: ${names.join(', ')}.` })

  for (const [name, resource] of Object.entries(m.resources)) {
    const parent = resource.parent?.resource
    if (parent === undefined) continue
    if (!(parent in m.resources)) { out.push(unknown(parent, ['resources', name, 'parent', 'resource'], `\`resources.${name}.parent\``)); continue }
    const chain = ancestry(m, name)
    if (chain.includes(name)) {
      out.push(diagnostic(file, positions.valueSpan(['resources', name, 'parent', 'resource']), 'parent_cycle',
        `resource \`${name}\` is its own ancestor: ${[name, ...chain.slice(0, chain.indexOf(name) + 1)].join(' → ')}`))
    }
  }

  m.webhooks?.events.forEach((event, i) => {
    const path = ['webhooks', 'events', i, 'resource']
    const resource = m.resources[event.resource]
    if (!resource) { out.push(unknown(event.resource, path, `\`webhooks.events[${i}]\``)); return }
    if (event.action === 'refetch' && !resource.get) {
      out.push(diagnostic(file, positions.valueSpan(['webhooks', 'events', i, 'action']), 'missing_get',
        `\`webhooks.events[${i}]\` refetches \`${event.resource}\`, which has no \`get\` request`))
    }
  })

  const route = m.webhooks?.route
  if (route) {
    const config = connectionNames(m).config
    if (!config.has(route.config)) {
      out.push(diagnostic(file, positions.valueSpan(['webhooks', 'route', 'config']), 'unknown_connection_field',
        `\`webhooks.route.config\` names \`${route.config}\`, which is no non-secret connection field`,
        { hint: didYouMean(route.config, [...config]) ?? (config.size ? `Declared: ${[...config].join(', ')}.` : 'Declare it under `connection`.') }))
    }
  }
  return out
}

/** Parents of `name`, nearest first, stopping at the first repeat or unknown resource. */
function ancestry(m: ConnectorManifest, name: string): string[] {
  const chain: string[] = []
  let current = m.resources[name]?.parent?.resource
  while (current !== undefined && m.resources[current] && !chain.includes(current)) {
    chain.push(current)
    current = m.resources[current].parent?.resource
  }
  if (current !== undefined && chain.includes(current)) chain.push(current)
  return chain
}
