#!/usr/bin/env node
/**
 * One bundle, two entries: the Action (no arguments, started by the runner, which sets
 * GITHUB_ACTIONS) and the CLI (anything else; no arguments outside Actions prints the
 * usage). Only the Action entry loads @actions/core, so the CLI starts faster.
 */
import { cli } from './action/cli.js'

if (process.argv.length > 2 || process.env.GITHUB_ACTIONS !== 'true') await cli(process.argv.slice(2))
else await (await import('./action/main.js')).main()
