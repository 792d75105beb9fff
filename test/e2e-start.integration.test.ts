/**
 * `npm start` smoke test, as CI runs it on a fresh clone: start it on a free port with a temporary data
 * directory, follow only what it prints (URL, admin token, the sandbox Harvest key), probe /health, connect
 * Harvest, run one sync over HTTP, read the employees, then stop it with SIGTERM and see it exit 0.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const BOOT_MS = 45_000

let child: ChildProcess | undefined
let dir: string | undefined
let output = ''

/** Pids of the process group led by `pgid` whose command line matches `pattern` (Linux /proc). */
async function groupPids(pgid: number, pattern: RegExp): Promise<number[]> {
  const out: number[] = []
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = await readFile(`/proc/${name}/stat`, 'utf8')
      // Fields after the parenthesised command: state, ppid, pgrp.
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2])
      const cmd = (await readFile(`/proc/${name}/cmdline`, 'utf8')).replace(/\0/g, ' ')
      if (pgrp === pgid && pattern.test(cmd)) out.push(Number(name))
    } catch {
      // The process ended while being read.
    }
  }
  return out
}

async function waitFor(pattern: RegExp, ms: number): Promise<RegExpExecArray> {
  const end = Date.now() + ms
  for (;;) {
    const m = pattern.exec(output)
    if (m) return m
    if (child?.exitCode !== null && child?.exitCode !== undefined) throw new Error(`npm start exited (${child.exitCode}):\n${output}`)
    if (Date.now() > end) throw new Error(`npm start printed no ${pattern} within ${ms} ms:\n${output}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

afterAll(async () => {
  // Only if the test failed half-way: take the whole group down.
  if (child?.pid && child.exitCode === null) {
    try { process.kill(-child.pid, 'SIGKILL') } catch { /* already gone */ }
  }
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('npm start', () => {
  it('boots the sandbox, syncs Harvest over HTTP with what it printed, and stops cleanly on SIGTERM', async () => {
    dir = await mkdtemp(join(tmpdir(), 'maestro-start-'))
    const env = { ...process.env }
    for (const k of Object.keys(env)) if (k.startsWith('MAESTRO_')) delete env[k]
    child = spawn('npm', ['start', '--', '--port', '0', '--data', dir], { cwd: process.cwd(), env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout!.on('data', (d: Buffer) => { output += d.toString() })
    child.stderr!.on('data', (d: Buffer) => { output += d.toString() })

    const url = (await waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/, BOOT_MS))[1]
    const token = (await waitFor(/Admin token[^:]*: (\S+)/, 5000))[1]
    const accountId = (await waitFor(/Account ID\s+(\d+)/, 5000))[1]
    const harvestKey = (await waitFor(/Personal access token\s+(\S+)/, 5000))[1]
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) })
      return { status: res.status, body: await res.json() as any }
    }

    expect((await fetch(`${url}/health`)).status).toBe(200)
    const created = await api('POST', '/connections', { connector: 'harvest', config: { accountId }, credentials: { accessToken: harvestKey } })
    expect(created.status).toBe(201)
    const sync = await api('POST', `/connections/${created.body.id}/sync`, {})
    expect(sync.status).toBe(202)
    let run = sync.body
    for (const end = Date.now() + 20_000; run.status === 'running' && Date.now() < end;) {
      await new Promise((r) => setTimeout(r, 100))
      run = (await api('GET', `/runs/${sync.body.id}`)).body
    }
    expect(run.status).toBe('succeeded')
    const employees = await api('GET', `/connections/${created.body.id}/records/Employee?page_size=100`)
    expect(employees.status).toBe(200)
    expect(employees.body.items.length).toBeGreaterThan(0)
    expect(employees.body.items[0]).toMatchObject({ connector: 'harvest', model: 'Employee' })

    // SIGTERM to the server process itself (npm's shell does not forward signals); npm then exits with its status.
    const [server] = await groupPids(child.pid!, /loader\.mjs.*runtime\/cli\/main\.ts serve/)
    expect(server).toBeGreaterThan(0)
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)))
    process.kill(server, 'SIGTERM')
    const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 15_000))])
    expect(code).toBe(0)
    expect(output).toContain('SIGTERM: shutting down')
    // What it stored survived the shutdown.
    const connections = await readFile(join(dir, 'connections.json'), 'utf8')
    expect(connections).toContain(created.body.id)
    expect(connections).not.toContain(harvestKey)
  }, 90_000)
})
