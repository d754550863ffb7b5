/** `<target>-<os>-<arch>[-<variant>]`: safe for job, artifact and cache names. */
export function slugFor(target: string, platform: string): string {
  return [target, ...platform.split('/')].join('-').replace(/[^A-Za-z0-9_.-]/g, '-')
}
