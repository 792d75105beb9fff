/**
 * @module An in-process event bus: synchronous fan-out to typed listeners, isolated from their failures.
 */
import type { AnyListener, EventBus, EventInput, EventType, MaestroEvent } from './types.ts'

export interface EventBusOptions {
  /** Called when a listener throws or rejects; defaults to a one-line warning without the event payload. */
  onListenerError?: (err: unknown, event: MaestroEvent) => void
}

/**
 * Create an event bus. A listener that throws (or returns a rejected promise) never breaks the emitter
 * nor the other listeners.
 * @example
 * const bus = createEventBus()
 * const off = bus.on('run.finished', (e) => console.log(e.run.status))
 * off()
 */
export function createEventBus(options: EventBusOptions = {}): EventBus {
  const listeners = new Map<string, Set<AnyListener>>()
  // Payloads can hold records; the default report names the event only, so nothing sensitive reaches a log.
  const onError = options.onListenerError ?? ((err: unknown, event: MaestroEvent) => {
    console.warn(`[events] a listener of ${event.type} failed: ${err instanceof Error ? err.message : String(err)}`)
  })

  const call = (listener: AnyListener, event: MaestroEvent): void => {
    try {
      const out = listener(event)
      if (out && typeof (out as Promise<void>).then === 'function') (out as Promise<void>).catch((err) => onError(err, event))
    } catch (err) {
      onError(err, event)
    }
  }

  function on(type: EventType | '*', listener: AnyListener): () => void {
    let set = listeners.get(type)
    if (!set) listeners.set(type, (set = new Set()))
    set.add(listener)
    return () => { set.delete(listener) }
  }

  return {
    emit<T extends EventType>(input: EventInput<T>): void {
      const event = (input.at ? input : { ...input, at: new Date().toISOString() }) as unknown as MaestroEvent
      // Copy before iterating so a listener that unsubscribes (or subscribes) mid-emit changes nothing now.
      const typed = listeners.get(event.type)
      if (typed) for (const l of [...typed]) call(l, event)
      const all = listeners.get('*')
      if (all) for (const l of [...all]) call(l, event)
    },
    on: on as EventBus['on'],
  }
}
