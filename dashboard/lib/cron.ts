/**
 * @module Enough cron to tell an admin when the next scheduled sync is and what a schedule means: the
 * five standard fields (a sixth, leading seconds field is accepted and ignored), lists, ranges, steps,
 * month and day names, and the `@daily`-style macros.
 */

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
}
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

interface Field { values: Set<number>; any: boolean }
interface Parsed { minute: Field; hour: Field; dom: Field; month: Field; dow: Field }

function parseField(text: string, min: number, max: number, names?: string[]): Field | undefined {
  const any = text === '*' || text === '?'
  const values = new Set<number>()
  const num = (s: string): number => {
    const named = names?.indexOf(s.toLowerCase()) ?? -1
    if (named >= 0) return named + (min === 1 ? 1 : 0)
    return /^\d+$/.test(s) ? Number(s) : NaN
  }
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/')
    const step = stepText === undefined ? 1 : Number(stepText)
    if (!Number.isInteger(step) || step < 1) return undefined
    let lo: number
    let hi: number
    if (range === '*' || range === '?') [lo, hi] = [min, max]
    else if (range.includes('-')) [lo, hi] = range.split('-').map(num) as [number, number]
    else [lo, hi] = [num(range), stepText === undefined ? num(range) : max]
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < min || hi > max || lo > hi) return undefined
    for (let v = lo; v <= hi; v += step) values.add(v)
  }
  return { values, any }
}

/** Parse an expression; undefined when it is not one this module understands. */
export function parseCron(expr: string): Parsed | undefined {
  const text = MACROS[expr.trim().toLowerCase()] ?? expr.trim()
  let parts = text.split(/\s+/)
  if (parts.length === 6) parts = parts.slice(1)
  if (parts.length !== 5) return undefined
  const [minute, hour, dom, month, dow] = [
    parseField(parts[0], 0, 59), parseField(parts[1], 0, 23), parseField(parts[2], 1, 31),
    parseField(parts[3], 1, 12, MONTHS), parseField(parts[4], 0, 7, DAYS),
  ]
  if (!minute || !hour || !dom || !month || !dow) return undefined
  // Sunday is both 0 and 7.
  if (dow.values.has(7)) dow.values.add(0)
  return { minute, hour, dom, month, dow }
}

function dayMatches(p: Parsed, t: Date): boolean {
  const dom = p.dom.values.has(t.getDate())
  const dow = p.dow.values.has(t.getDay())
  // Classic cron: when both day fields are restricted, either one matching is enough.
  if (!p.dom.any && !p.dow.any) return dom || dow
  return dom && dow
}

/**
 * The first minute after `from` matching the expression, in local time; undefined when the expression
 * is not understood or never fires within five years.
 * @example
 * nextCronTime('0 *\/6 * * *', new Date('2025-01-01T07:30:00')) // 2025-01-01T12:00 local
 */
export function nextCronTime(expr: string, from: Date): Date | undefined {
  const p = parseCron(expr)
  if (!p) return undefined
  const t = new Date(from.getTime())
  t.setSeconds(0, 0)
  t.setMinutes(t.getMinutes() + 1)
  const limit = from.getTime() + 5 * 366 * 24 * 3600 * 1000
  while (t.getTime() <= limit) {
    if (!p.month.values.has(t.getMonth() + 1)) { t.setMonth(t.getMonth() + 1, 1); t.setHours(0, 0, 0, 0); continue }
    if (!dayMatches(p, t)) { t.setDate(t.getDate() + 1); t.setHours(0, 0, 0, 0); continue }
    if (!p.hour.values.has(t.getHours())) { t.setHours(t.getHours() + 1, 0, 0, 0); continue }
    if (!p.minute.values.has(t.getMinutes())) { t.setMinutes(t.getMinutes() + 1, 0, 0); continue }
    return t
  }
  return undefined
}

const pad = (n: string): string => n.padStart(2, '0')

/**
 * Plain words for the common schedules, the expression itself otherwise.
 * @example
 * describeCron('0 *\/6 * * *') // 'Every 6 hours'
 */
export function describeCron(expr: string): string {
  const text = (MACROS[expr.trim().toLowerCase()] ?? expr.trim()).split(/\s+/)
  const [m, h, dom, mon, dow] = text.length === 6 ? text.slice(1) : text
  if (text.length < 5 || dom !== '*' || mon !== '*') return expr
  let match: RegExpExecArray | null
  if (dow === '*' && h === '*' && (match = /^\*\/(\d+)$/.exec(m))) return `Every ${match[1]} minutes`
  if (dow === '*' && h === '*' && /^\d+$/.test(m)) return m === '0' ? 'Every hour' : `Every hour at :${pad(m)}`
  if (dow === '*' && /^\d+$/.test(m) && (match = /^\*\/(\d+)$/.exec(h))) return `Every ${match[1]} hours`
  if (/^\d+$/.test(m) && /^\d+$/.test(h)) {
    const at = `${pad(h)}:${pad(m)}`
    if (dow === '*') return `Every day at ${at}`
    if (dow === '1-5') return `Weekdays at ${at}`
    if (/^[0-7]$/.test(dow)) return `Every ${['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'][Number(dow)]} at ${at}`
  }
  return expr
}
