/**
 * @module The dashboard bundle's entry: registers `<maestro-dashboard>`, the page shell `<maestro-app>` and
 * every component they are built from, and exports their classes, the event classes and the API client
 * for pages that script them.
 */
export { MaestroApp } from './maestro-app.ts'
export { MaestroDashboard } from './maestro-dashboard.ts'
export { ApiError, MaestroClient, scopeOfToken } from './api/client.ts'
export * from './events.ts'
export { MaestroAuditLog } from './components/audit-log.ts'
export { MaestroConfirmDialog } from './components/confirm-dialog.ts'
export { MaestroConnectForm } from './components/connect-form.ts'
export { MaestroConnectionCard } from './components/connection-card.ts'
export { MaestroConnectionHeader } from './components/connection-header.ts'
export { MaestroConnectorCatalog } from './components/connector-catalog.ts'
export { MaestroErrorPanel } from './components/error-panel.ts'
export { MaestroFleetSummary } from './components/fleet-summary.ts'
export { MaestroRecordsTable } from './components/records-table.ts'
export { MaestroResourceTable } from './components/resource-table.ts'
export { MaestroRunChart } from './components/run-chart.ts'
export { MaestroRunHistory } from './components/run-history.ts'
export { MaestroScheduleEditor } from './components/schedule-editor.ts'
export { MaestroStatusBadge } from './components/status-badge.ts'
export { MaestroSyncProgress } from './components/sync-progress.ts'
export { MaestroToastRegion } from './components/toast-region.ts'
export { MaestroTokenForm } from './components/token-form.ts'
