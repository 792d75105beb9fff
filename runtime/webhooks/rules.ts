/**
 * @module A connector's `webhooks` block compiled once: the secret template, handshake, event id, route and
 * event rules, and the planner that turns one delivery into actions per connection.
 */
import type { WebhooksSpec } from '../manifest/schema/index.ts'
import { compileExpression, compileTemplate, type Expression, type Template } from '../mapping/index.ts'
import type { Connection } from '../store/types.ts'

/** One event rule with its expressions compiled. */
export interface CompiledEventRule {
  each?: Expression
  when: Expression
  resource: string
  action: 'upsert' | 'delete' | 'refetch' | 'sync'
  id?: Expression
  record?: Expression
}

/** A connector's webhooks block, compiled. */
export interface CompiledWebhooks {
  spec: WebhooksSpec
  secret?: Template
  handshake?: { when: Expression; respond: Expression }
  eventId?: Expression
  route?: { config: string; value: Expression }
  events: CompiledEventRule[]
}

/** What one event asks of one connection. */
export interface PlannedAction {
  resource: string
  action: CompiledEventRule['action']
  id?: string
  record?: unknown
}

const cache = new WeakMap<WebhooksSpec, CompiledWebhooks>()

/** Compile (once per manifest object) a connector's webhooks block. */
export function compileWebhooks(spec: WebhooksSpec): CompiledWebhooks {
  const hit = cache.get(spec)
  if (hit) return hit
  const verify = spec.verify as { secret?: string }
  const compiled: CompiledWebhooks = {
    spec,
    ...(verify.secret !== undefined ? { secret: compileTemplate(verify.secret) } : {}),
    ...(spec.handshake ? { handshake: { when: compileExpression(spec.handshake.when), respond: compileExpression(spec.handshake.respond) } } : {}),
    ...(spec.eventId ? { eventId: compileExpression(spec.eventId) } : {}),
    ...(spec.route ? { route: { config: spec.route.config, value: compileExpression(spec.route.value) } } : {}),
    events: spec.events.map((e) => ({
      ...(e.each ? { each: compileExpression(e.each) } : {}),
      when: compileExpression(e.when),
      resource: e.resource,
      action: e.action,
      ...(e.id ? { id: compileExpression(e.id) } : {}),
      ...(e.record ? { record: compileExpression(e.record) } : {}),
    })),
  }
  cache.set(spec, compiled)
  return compiled
}

/** JSONata-style truthiness: false, 0, '', null, undefined, empty arrays and objects are false. */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(truthy)
  if (value && typeof value === 'object') return Object.keys(value).length > 0
  return Boolean(value)
}

const asList = (value: unknown): unknown[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value])

/** An id as text, or undefined when the expression gave nothing usable. */
export function idText(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return undefined
}

/** The delivery's event id: a string, or the sorted ids of a batch joined (QuickBooks CloudEvents carry one per event). */
export async function eventIdOf(rules: CompiledWebhooks, payload: unknown, headers: Record<string, string>): Promise<string | undefined> {
  if (!rules.eventId) return undefined
  const ids = asList(await rules.eventId.evaluate(payload, { headers, config: {} })).map(idText).filter((x): x is string => !!x)
  return ids.length === 0 ? undefined : ids.sort().join(',')
}

/** Finds the connections one event belongs to. */
export type Router = (event: unknown) => Promise<Connection[]>

/**
 * Plan a delivery: every rule's events (`each`, default the whole body), routed to connections, filtered
 * by `when` (evaluated with that connection's `$config`), with their ids and carried records.
 * @example
 * const plan = await planDelivery(rules, body, headers, async () => [connection])
 * plan.get(connection.id)?.actions // [{ resource: 'employees', action: 'refetch', id: '123' }]
 */
export async function planDelivery(rules: CompiledWebhooks, payload: unknown, headers: Record<string, string>, route: Router):
  Promise<{ byConnection: Map<string, { connection: Connection; actions: PlannedAction[] }>; unrouted: number }> {
  const byConnection = new Map<string, { connection: Connection; actions: PlannedAction[] }>()
  let unrouted = 0
  for (const rule of rules.events) {
    const events = rule.each ? asList(await rule.each.evaluate(payload, { headers, config: {} })) : [payload]
    for (const event of events) {
      const connections = await route(event)
      if (connections.length === 0) {
        // An event no rule cares about is not "unrouted"; only count the ones a rule would have applied.
        if (truthy(await rule.when.evaluate(event, { headers, config: {} }).catch(() => true))) unrouted++
        continue
      }
      for (const connection of connections) {
        const bindings = { headers, config: connection.config }
        if (!truthy(await rule.when.evaluate(event, bindings))) continue
        const action: PlannedAction = { resource: rule.resource, action: rule.action }
        if (rule.id) {
          const id = idText(await rule.id.evaluate(event, bindings))
          if (id !== undefined) action.id = id
        }
        if (rule.record) action.record = await rule.record.evaluate(event, bindings)
        let slot = byConnection.get(connection.id)
        if (!slot) byConnection.set(connection.id, (slot = { connection, actions: [] }))
        slot.actions.push(action)
      }
    }
  }
  return { byConnection, unrouted }
}
