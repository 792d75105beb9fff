/**
 * @module Our record ids: stable across runs and processes, derived from connection, resource and remote id.
 */
import { createHash } from 'node:crypto'

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567'

/** RFC 4648 base32 (lower case, no padding) of a byte buffer. */
export function base32(bytes: Uint8Array): string {
  let out = ''
  let bits = 0
  let value = 0
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
    value &= (1 << bits) - 1
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31]
  return out
}

/**
 * The id of a record: `rec_` + 26 base32 characters (130 bits) of sha256 over `connectionId/resource/remoteId`.
 * The same inputs always give the same id, so a re-synced or webhook-delivered record lands on the same row.
 * @example
 * recordId('con_1', 'employees', '42') // 'rec_…' (30 characters)
 */
export function recordId(connectionId: string, resource: string, remoteId: string): string {
  // JSON-encoding the parts keeps `a/b` + `c` distinct from `a` + `b/c`.
  const digest = createHash('sha256').update(JSON.stringify([connectionId, resource, remoteId])).digest()
  return 'rec_' + base32(digest).slice(0, 26)
}
