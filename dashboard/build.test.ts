import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDirs } from '../test/helpers/temp-dir.ts'
import { buildDashboard, ensureDashboardBuilt, GZIP_BUDGET_BYTES, sourceHash } from './build.ts'

const temp = tempDirs('maestro-dashboard-build-')
afterAll(temp.cleanup)

describe('the dashboard build', () => {
  it(`stays under ${GZIP_BUDGET_BYTES / 1024} KB gzipped, self-contained, with no CDN at runtime`, async () => {
    const outDir = await temp.make()
    const result = await buildDashboard({ outDir })
    expect(result.gzipBytes).toBeLessThanOrEqual(GZIP_BUDGET_BYTES)
    expect(result.files.map((f) => f.path).sort()).toEqual(['assets/maestro-dashboard.js', 'index.html'])
    const js = await readFile(join(outDir, 'assets', 'maestro-dashboard.js'), 'utf8')
    expect(js).toContain('customElements')
    // One file: every import is bundled, nothing is fetched from another origin.
    expect(js).not.toMatch(/\bimport\s*[("'{*]/)
    expect(js).not.toMatch(/https?:\/\/(cdn|unpkg|esm\.sh|jsdelivr)/)
    const html = await readFile(join(outDir, 'index.html'), 'utf8')
    expect(html).toContain('src="/assets/maestro-dashboard.js"')
  })

  it.each([
    { name: 'keeps a build of the current sources', stale: false },
    { name: 'rebuilds a build of older sources', stale: true },
  ])('$name', async ({ stale }) => {
    const outDir = await temp.make()
    await mkdir(join(outDir, 'assets'))
    await writeFile(join(outDir, 'assets', 'maestro-dashboard.js'), 'marker')
    await writeFile(join(outDir, 'build.json'), JSON.stringify({ sourceHash: stale ? 'older' : await sourceHash() }))
    expect(await ensureDashboardBuilt(outDir)).toBe(outDir)
    const js = await readFile(join(outDir, 'assets', 'maestro-dashboard.js'), 'utf8')
    expect(js === 'marker').toBe(!stale)
    expect(JSON.parse(await readFile(join(outDir, 'build.json'), 'utf8')).sourceHash).toBe(await sourceHash())
  })
})
