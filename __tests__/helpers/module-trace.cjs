// Preloaded with --require: at exit, writes the built-in modules Node loaded, in order, into MODULE_TRACE_FILE.
// CommonJS on purpose: an ES module preload (--import) starts Node's ESM loader, which itself loads
// node:fs/promises (and readline with it) before the program runs, so the trace could not tell.
const { writeFileSync } = process.getBuiltinModule('node:fs')

process.on('exit', () => writeFileSync(process.env.MODULE_TRACE_FILE, process.moduleLoadList.join('\n')))
