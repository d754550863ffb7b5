#!/usr/bin/env node
/**
 * One bundle, two entries: the Action (no arguments, as the runner starts it) and the
 * CLI. Only the Action entry loads @actions/core, so the CLI starts faster.
 */
import { cli } from './action/cli.js'

if (process.argv.length > 2) await cli(process.argv.slice(2))
else await (await import('./action/main.js')).main()
