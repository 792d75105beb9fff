/**
 * @module Read how long a provider asked us to wait: `Retry-After` and quota-reset headers.
 */

// Larger values cannot be "seconds from now" for any real quota; they are Unix timestamps.
const EPOCH_SECONDS_THRESHOLD = 1_000_000_000

/**
 * Milliseconds to wait according to a `Retry-After` value: delay-seconds or an HTTP date.
 * Returns undefined when the value is missing or unreadable; a date in the past gives 0.
 * @example
 * parseRetryAfter('120', Date.now()) // 120000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT')) // 60000
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === undefined || value === null) return undefined
  const text = value.trim()
  if (text === '') return undefined
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000)
  // A date must name a month or weekday; Date.parse would otherwise accept bare numbers like "-5".
  if (!/[a-z]{3}/i.test(text)) return undefined
  const at = Date.parse(text)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, at - nowMs)
}

/**
 * Milliseconds until a quota resets, from a reset header holding seconds-until-reset
 * (Toggl's `X-Toggl-Quota-Resets-In`) or, when the number is clearly a timestamp, Unix seconds.
 * @example
 * parseResetHeader('30', 0) // 30000
 */
export function parseResetHeader(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === undefined || value === null) return undefined
  const text = value.trim()
  if (!/^\d+(\.\d+)?$/.test(text)) return parseRetryAfter(text, nowMs)
  const n = Number(text)
  if (n >= EPOCH_SECONDS_THRESHOLD) return Math.max(0, Math.ceil(n * 1000 - nowMs))
  return Math.ceil(n * 1000)
}
