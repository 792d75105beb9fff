/**
 * @module oidc-provider ships no type declarations (and @types/oidc-provider is not installed): the narrow
 * slice the sandbox authorization server uses.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http'

  interface KoaContextLike {
    type: string
    body: unknown
    oidc: { params?: Record<string, unknown> }
  }

  interface InteractionDetails {
    uid: string
    grantId?: string
    params: Record<string, unknown>
    prompt: { name: string; reasons: string[]; details: Record<string, unknown> }
  }

  interface GrantInstance {
    addOIDCScope(scope: string): void
    addResourceScope(resource: string, scope: string): void
    save(): Promise<string>
  }

  interface GrantClass {
    new (init: { accountId: string; clientId: string }): GrantInstance
    find(id: string): Promise<GrantInstance | undefined>
  }

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>)
    callback(): (req: IncomingMessage, res: ServerResponse) => void
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>
    interactionFinished(req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<void>
    on(event: string, listener: (ctx: KoaContextLike, ...args: unknown[]) => void): this
    get Grant(): GrantClass
  }
}
