// Preloaded with --import: at exit, writes the built-in modules Node loaded, in order, into MODULE_TRACE_FILE.
import { writeFileSync } from 'node:fs'

process.on('exit', () => writeFileSync(process.env.MODULE_TRACE_FILE, process.moduleLoadList.join('\n')))
