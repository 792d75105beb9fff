/**
 * @module A reader of `text/event-stream` bodies, for `fetch` streams: unlike EventSource it can send the
 * token in the Authorization header, so the token never lands in a URL or an access log.
 */

/** One server-sent event. */
export interface SseMessage {
  event: string
  data: string
  id?: string
}

/**
 * Parse a stream of SSE text chunks, calling `onMessage` per complete event. Comments (heartbeats) and
 * events without data are skipped. Resolves when the stream ends.
 * @example
 * await readEventStream(response.body!, (m) => console.log(m.event, JSON.parse(m.data)))
 */
export async function readEventStream(body: ReadableStream<Uint8Array>, onMessage: (message: SseMessage) => void): Promise<void> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  const flush = (final: boolean) => {
    // The spec allows CRLF, CR or LF line ends; normalise once so blocks split on a blank line.
    buffer = buffer.replace(/\r\n?/g, '\n')
    let cut: number
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut)
      buffer = buffer.slice(cut + 2)
      const message = parseBlock(block)
      if (message) onMessage(message)
    }
    if (final && buffer.trim()) {
      const message = parseBlock(buffer)
      buffer = ''
      if (message) onMessage(message)
    }
  }
  try {
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      buffer += decoder.decode(value, { stream: true })
      flush(false)
    }
    buffer += decoder.decode()
    flush(true)
  } finally {
    reader.releaseLock()
  }
}

/** One event block: `event:`, `data:` (joined by newlines) and `id:` fields. */
export function parseBlock(block: string): SseMessage | undefined {
  let event = 'message'
  let id: string | undefined
  const data: string[] = []
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue
    const colon = line.indexOf(':')
    const field = colon < 0 ? line : line.slice(0, colon)
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '')
    if (field === 'event') event = value
    else if (field === 'data') data.push(value)
    else if (field === 'id') id = value
  }
  if (data.length === 0) return undefined
  return { event, data: data.join('\n'), ...(id !== undefined ? { id } : {}) }
}
