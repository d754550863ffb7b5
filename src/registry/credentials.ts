/**
 * Credentials from the docker config, as `docker login` and docker/login-action leave
 * them: `$DOCKER_CONFIG/config.json` (else `~/.docker/config.json`) with `auths`
 * entries, per-host `credHelpers` and a default `credsStore`.
 */
import { readFile } from '../common/fs.js'
import { homedir } from 'node:os'
import path from 'node:path'
import { errorMessage } from '../common/errors.js'
import type { Exec } from '../common/exec.js'
import { DOCKER_HUB } from '../oci/reference.js'

export interface Credentials {
  username?: string
  password?: string
  /** An OAuth refresh token (`identitytoken`), exchanged at the token endpoint. */
  identityToken?: string
  /** A ready bearer token (`registrytoken`). */
  registryToken?: string
}

interface AuthEntry {
  auth?: string
  username?: string
  password?: string
  identitytoken?: string
  registrytoken?: string
}

export interface DockerConfig {
  auths?: Record<string, AuthEntry>
  credHelpers?: Record<string, string>
  credsStore?: string
}

/** The key docker uses for Docker Hub in `auths` and with credential helpers. */
export const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/'

export async function loadDockerConfig(env: Readonly<Record<string, string | undefined>>): Promise<DockerConfig> {
  const dir = env.DOCKER_CONFIG || path.join(env.HOME || homedir(), '.docker')
  const file = path.join(dir, 'config.json')
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new Error(`cannot read the docker config ${file}: ${errorMessage(error)}`)
  }
  try {
    return JSON.parse(text) as DockerConfig
  } catch (error) {
    throw new Error(`the docker config ${file} is not valid JSON: ${errorMessage(error)}`)
  }
}

/** `https://ghcr.io/v2/` → `ghcr.io`; Docker Hub's aliases → `docker.io`. */
function hostOfKey(key: string): string {
  const host = key
    .replace(/^[a-z]+:\/\//i, '')
    .split('/')[0]
    .toLowerCase()
  return ['index.docker.io', 'registry-1.docker.io', 'docker.io'].includes(host) ? DOCKER_HUB : host
}

function helperKey(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_AUTH_KEY : registry
}

/**
 * Credentials for a registry (as named in refs: `docker.io`, `ghcr.io`), or undefined
 * for anonymous access. Order: a per-host credential helper, an `auths` entry, the
 * default credential store.
 */
export async function credentialsFor(
  registry: string,
  config: DockerConfig,
  exec: Exec,
): Promise<Credentials | undefined> {
  const helper = Object.entries(config.credHelpers ?? {}).find(([key]) => hostOfKey(key) === registry)?.[1]
  if (helper) return fromHelper(helper, registry, exec)
  const entry = Object.entries(config.auths ?? {}).find(([key]) => hostOfKey(key) === registry)?.[1]
  const fromFile = entry && fromAuthEntry(entry, registry)
  if (fromFile) return fromFile
  if (config.credsStore) return fromHelper(config.credsStore, registry, exec)
  return undefined
}

function fromAuthEntry(entry: AuthEntry, registry: string): Credentials | undefined {
  if (entry.registrytoken) return { registryToken: entry.registrytoken }
  let { username, password } = entry
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon < 0) throw new Error(`the docker config entry for ${registry} has a malformed 'auth' value`)
    username = decoded.slice(0, colon)
    password = decoded.slice(colon + 1)
  }
  if (entry.identitytoken) return { username, identityToken: entry.identitytoken }
  if (username || password) return { username, password }
  return undefined
}

/** `docker-credential-<name> get`, the server URL on stdin, JSON `{Username, Secret}` on stdout. */
async function fromHelper(name: string, registry: string, exec: Exec): Promise<Credentials | undefined> {
  const program = `docker-credential-${name}`
  let result
  try {
    result = await exec(program, ['get'], { input: helperKey(registry) })
  } catch (error) {
    throw new Error(`credential helper '${program}' for ${registry} could not be run: ${errorMessage(error)}`)
  }
  const output = (result.stdout || result.stderr).trim()
  if (result.exitCode !== 0) {
    if (/credentials not found/i.test(output)) return undefined
    throw new Error(`credential helper '${program}' failed for ${registry} (exit ${result.exitCode})`)
  }
  let parsed: { Username?: string; Secret?: string }
  try {
    parsed = JSON.parse(result.stdout)
  } catch {
    throw new Error(`credential helper '${program}' printed no JSON for ${registry}`)
  }
  if (!parsed.Secret) return undefined
  // Docker's convention: the user name `<token>` marks an identity (refresh) token.
  if (parsed.Username === '<token>') return { identityToken: parsed.Secret }
  return { username: parsed.Username, password: parsed.Secret }
}

/** Every secret in a credential, for masking and for blanking from messages (secrets.ts). */
export function secretsOf(credentials: Credentials | undefined): string[] {
  if (!credentials) return []
  const { password, identityToken, registryToken, username } = credentials
  // The Basic values sent: with the password, or with the identity token (a token GET).
  const basic = [password, identityToken].flatMap((s) =>
    username !== undefined && s ? [encodeBasic(username, s)] : [],
  )
  return [password, identityToken, registryToken, ...basic].filter((s): s is string => !!s)
}

/** base64(`user:password`): the one encoder of Basic credentials (the header, and its masking). */
export function encodeBasic(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`).toString('base64')
}
