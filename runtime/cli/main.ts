/**
 * @module The `maestro` command: dispatches to one subcommand module, loaded only when it runs.
 *
 * A subcommand module exports `run(args: string[]): Promise<number>` (the exit status) and may
 * export `summary` (one line for the help). Adding one is one line in COMMANDS.
 */

interface CommandModule {
  run(args: string[]): Promise<number>
  summary?: string
}

/** Subcommands by name, each a lazy import so startup pays only for the one that runs. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  validate: { summary: 'Check connector manifests (schema, expressions, references, hooks, fixtures).', load: () => import('./validate.ts') },
  serve: { summary: 'Start the HTTP API (--sandbox: with simulated providers and a local OAuth server).', load: () => import('./serve.ts') },
}

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length))
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)
  return `Usage: maestro <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun \`maestro <command> --help\` for a command's options.\n`
}

/** Run the CLI with `argv` (without node and script); returns the exit status. */
async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage())
    return 0
  }
  const command = name === undefined ? undefined : COMMANDS[name]
  if (!command) {
    process.stderr.write(`${name === undefined ? '' : `maestro: unknown command \`${name}\`\n\n`}${usage()}`)
    return 2
  }
  return (await command.load()).run(rest)
}

process.exitCode = await main(process.argv.slice(2))

export {}
