// Preloaded with --import: records every dist/ chunk the action loads into CHUNK_TRACE_FILE.
import { appendFileSync } from 'node:fs'
import { registerHooks } from 'node:module'

registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context)
    if (/\/dist\/\d+\.index\.js$/.test(resolved.url)) appendFileSync(process.env.CHUNK_TRACE_FILE, `${resolved.url}\n`)
    return resolved
  },
})
