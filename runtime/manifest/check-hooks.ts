/**
 * @module The hooks module of a connector: it exists, imports, exports only known hook functions,
 * and exports every hook the manifest relies on (`paginate: {type: hook}`, `verify: {scheme: hook}`).
 */
import { access } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { HOOK_NAMES, type HookName } from './schema/hook-names.ts'
import type { ConnectorManifest } from './schema/index.ts'
import { diagnostic, type Diagnostic } from './diagnostic.ts'
import type { Path, Positions } from './positions.ts'
import { didYouMean } from './suggest.ts'

/** Hook functions by name, as exported by a connector's hooks module. */
export type Hooks = Partial<Record<HookName, (...args: any[]) => unknown>>

/** The hooks a manifest relies on, with the place that relies on each. */
function requiredHooks(m: ConnectorManifest): { hook: HookName; path: Path; what: string }[] {
  const out: { hook: HookName; path: Path; what: string }[] = []
  for (const [name, r] of Object.entries(m.resources)) {
    if (r.list.paginate.type === 'hook') out.push({ hook: 'paginate', path: ['resources', name, 'list', 'paginate', 'type'], what: `\`resources.${name}.list.paginate\` has type \`hook\`` })
  }
  if (m.webhooks?.verify.scheme === 'hook') out.push({ hook: 'verifyWebhook', path: ['webhooks', 'verify', 'scheme'], what: '`webhooks.verify` has scheme `hook`' })
  return out
}

/**
 * Import the hooks module of a schema-valid manifest (resolved beside `manifestFile`) and check it.
 * @example
 * const { hooks, diagnostics } = await loadHooks('connectors/quickbooks/connector.yaml', manifest, positions)
 */
export async function loadHooks(manifestFile: string, m: ConnectorManifest, positions: Positions, file = manifestFile): Promise<{ hooks: Hooks; diagnostics: Diagnostic[] }> {
  const required = requiredHooks(m)
  if (m.hooks === undefined) {
    return {
      hooks: {},
      diagnostics: required.map((r) => diagnostic(file, positions.valueSpan(r.path), 'hooks_missing',
        `${r.what}, but the manifest declares no \`hooks\` module`, { hint: `Add \`hooks: ./hooks.ts\` exporting a \`${r.hook}\` function.` })),
    }
  }
  const at = positions.valueSpan(['hooks'])
  const modulePath = resolve(dirname(manifestFile), m.hooks)
  try {
    await access(modulePath)
  } catch {
    return { hooks: {}, diagnostics: [diagnostic(file, at, 'hooks_missing', `hooks module \`${m.hooks}\` does not exist beside the manifest`)] }
  }
  let exports: Record<string, unknown>
  try {
    exports = await import(pathToFileURL(modulePath).href) as Record<string, unknown>
  } catch (err) {
    return { hooks: {}, diagnostics: [diagnostic(file, at, 'hooks_load_failed', `hooks module \`${m.hooks}\` failed to load: ${firstLine(err)}`)] }
  }
  const hooks: Hooks = {}
  const diagnostics: Diagnostic[] = []
  for (const [name, value] of Object.entries(exports)) {
    if (!(HOOK_NAMES as readonly string[]).includes(name)) {
      diagnostics.push(diagnostic(file, at, 'hooks_unknown_export', `hooks module \`${m.hooks}\` exports \`${name}\`, which is not a hook name`,
        { hint: didYouMean(name, HOOK_NAMES) ?? `Hook names: ${HOOK_NAMES.join(', ')}.` }))
    } else if (typeof value !== 'function') {
      diagnostics.push(diagnostic(file, at, 'hooks_unknown_export', `hook \`${name}\` in \`${m.hooks}\` must be a function, not ${typeof value}`))
    } else {
      hooks[name as HookName] = value as (...args: any[]) => unknown
    }
  }
  for (const r of required) {
    if (!hooks[r.hook]) {
      diagnostics.push(diagnostic(file, positions.valueSpan(r.path), 'hooks_missing', `${r.what}, but \`${m.hooks}\` exports no \`${r.hook}\` function`))
    }
  }
  return { hooks, diagnostics }
}

const firstLine = (err: unknown) => String((err as Error)?.message ?? err).split('\n')[0]
