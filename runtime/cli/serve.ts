/**
 * @module `maestro serve`: start the HTTP API (and, with --sandbox, the simulated providers).
 */
import { parseArgs } from 'node:util'
import { asMaestroError } from '../errors.ts'

export const summary = 'Start the HTTP API and dashboard (--sandbox: with simulated providers).'

const HELP = `Usage: maestro serve [options]

Options:
  --port <n>          Port to listen on (default $MAESTRO_PORT or 3000; 0 picks a free one)
  --host <addr>       Address to bind (default $MAESTRO_HOST or 127.0.0.1)
  --data <dir>        Data directory for the embedded store and keys (default $MAESTRO_DATA_DIR or ./data)
  --connectors <dir>  Connectors folder (default ./connectors)
  --config <file>     App registrations file (default maestro.config.json)
  --public-url <url>  URL people and providers reach, when behind a proxy
  --sandbox           Also start the provider simulators and a local OAuth server
  -h, --help          Show this help
`

/** Parse the flags, start the server, and resolve with the exit status once it has shut down. */
export async function run(args: string[]): Promise<number> {
  let values
  try {
    values = parseArgs({
      args,
      options: {
        port: { type: 'string' }, host: { type: 'string' }, data: { type: 'string' }, connectors: { type: 'string' },
        config: { type: 'string' }, 'public-url': { type: 'string' }, sandbox: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    }).values
  } catch (err) {
    process.stderr.write(`maestro serve: ${(err as Error).message}\n\n${HELP}`)
    return 2
  }
  if (values.help) {
    process.stdout.write(HELP)
    return 0
  }
  const port = Number(values.port ?? process.env.MAESTRO_PORT ?? 3000)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(`maestro serve: --port must be an integer from 0 to 65535.\n`)
    return 2
  }
  try {
    const { startServer } = await import('../server/serve.ts')
    const server = await startServer({
      port,
      host: values.host ?? process.env.MAESTRO_HOST ?? '127.0.0.1',
      dataDir: values.data ?? process.env.MAESTRO_DATA_DIR ?? 'data',
      connectorsDir: values.connectors ?? 'connectors',
      handleSignals: true,
      ...(values.config ? { configFile: values.config } : {}),
      ...(values['public-url'] ? { publicUrl: values['public-url'] } : {}),
      ...(values.sandbox ? { sandbox: (await import('../server/sandbox.ts')).prepareSandbox } : {}),
    })
    await server.closed
    return 0
  } catch (err) {
    const e = asMaestroError(err)
    process.stderr.write(`maestro serve: ${e.message}\n${e.hint ? `${e.hint}\n` : ''}`)
    return 1
  }
}
