#!/usr/bin/env node
/** One bundle, two entries: the Action (no arguments, as the runner starts it) and the CLI. */
// Each entry is its own chunk: the CLI does not load @actions/core.
if (process.argv.length > 2) await (await import('./cli.js')).cli(process.argv.slice(2))
else await (await import('./main.js')).main()
