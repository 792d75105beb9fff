import { describe, expect, it } from 'vitest'
import { parseBlock, readEventStream, type SseMessage } from './sse.ts'

/** A body delivering `chunks` as separate reads, the way a network stream splits them. */
const body = (chunks: string[]): ReadableStream<Uint8Array> => {
  const encoder = new TextEncoder()
  return new ReadableStream({ start(c) { for (const chunk of chunks) c.enqueue(encoder.encode(chunk)); c.close() } })
}

async function read(chunks: string[]): Promise<SseMessage[]> {
  const out: SseMessage[] = []
  await readEventStream(body(chunks), (m) => out.push(m))
  return out
}

describe('readEventStream', () => {
  it.each([
    { name: 'one event', chunks: ['event: ready\ndata: {"tenant":null}\n\n'], events: [{ event: 'ready', data: '{"tenant":null}' }] },
    { name: 'split across reads', chunks: ['event: run.pro', 'gress\nid: 4\nda', 'ta: {"a":1}\n', '\n'], events: [{ event: 'run.progress', data: '{"a":1}', id: '4' }] },
    { name: 'CRLF line ends', chunks: ['event: a\r\ndata: 1\r\n\r\nevent: b\r\ndata: 2\r\n\r\n'], events: [{ event: 'a', data: '1' }, { event: 'b', data: '2' }] },
    { name: 'heartbeat comments skipped', chunks: [': heartbeat\n\n', 'data: x\n\n'], events: [{ event: 'message', data: 'x' }] },
    { name: 'multi-line data joined', chunks: ['data: a\ndata: b\n\n'], events: [{ event: 'message', data: 'a\nb' }] },
    { name: 'a last event without its blank line', chunks: ['event: end\ndata: 1'], events: [{ event: 'end', data: '1' }] },
  ])('$name', async ({ chunks, events }) => {
    expect(await read(chunks)).toEqual(events)
  })

  it('decodes UTF-8 split inside a character', async () => {
    const bytes = new TextEncoder().encode('data: café\n\n')
    const stream = new ReadableStream<Uint8Array>({ start(c) { c.enqueue(bytes.slice(0, 10)); c.enqueue(bytes.slice(10)); c.close() } })
    const out: SseMessage[] = []
    await readEventStream(stream, (m) => out.push(m))
    expect(out).toEqual([{ event: 'message', data: 'café' }])
  })

  it('skips a block without data', () => {
    expect(parseBlock('event: nothing')).toBeUndefined()
  })
})
