/**
 * @module Every route module of the API, mounted at `/` by `createApp` in this order. A new area is one
 * file under routes/ exporting a `RouteModule`, and one line here.
 */
import type { RouteModule } from '../operation.ts'
import { auditLog } from './audit.ts'
import { connections } from './connections.ts'
import { connectors } from './connectors.ts'
import { deliveries } from './deliveries.ts'
import { events } from './events.ts'
import { health } from './health.ts'
import { oauth } from './oauth.ts'
import { records } from './records.ts'
import { runs } from './runs.ts'
import { sync } from './sync.ts'
import { tokens } from './tokens.ts'
import { webhooks } from './webhooks.ts'

export const ROUTE_MODULES: RouteModule[] = [health, connectors, tokens, connections, oauth, sync, runs, records, auditLog, events, webhooks, deliveries]
