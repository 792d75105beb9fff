/**
 * Hook names a connector's hooks module may export. Kept free of TypeBox so the CLI can read it
 * without loading the schema builder.
 */
export const HOOK_NAMES = [
  'prepareRequest', 'parseResponse', 'classifyError', 'paginate', 'mapRecord', 'verifyWebhook', 'routeWebhook', 'onConnect',
] as const
export type HookName = (typeof HOOK_NAMES)[number]
