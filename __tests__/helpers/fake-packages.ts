/**
 * A fake GitHub Packages API on 127.0.0.1 in front of the real docker-registry, as GHCR
 * behaves: every manifest PUT through it creates a package version (one per digest and
 * package), a tag lives on one version, the REST API lists (newest first, `Link`
 * pagination), reads and deletes versions of org and user packages, and a DELETE removes
 * the manifest (and its tags) from the registry. `/v2/…` is the registry (the "GHCR"
 * host), `/api/…` the REST API. Switches: answer 403, fail a manifest read, move a tag
 * onto a version between the listing and the deletes.
 */
import { type IncomingMessage, type ServerResponse, createServer, request } from 'node:http'

export interface FakeVersion {
  id: number
  /** `owner/name…`: the repository below the registry. */
  repository: string
  digest: string
  tags: string[]
  createdAt: string
}

export interface FakeSwitches {
  /** 403 to every REST request, or to DELETEs only. */
  forbid?: 'all' | 'delete'
  /** Manifest GETs of these digests answer 404 (a read that fails). */
  failRead?: Set<string>
  /** After the first listing of `repository`, `tag` is moved onto `digest` (a concurrent retag). */
  moveTagAfterList?: { repository: string; tag: string; digest: string }
  /** A DELETE of a version also removes this manifest from the registry (a registry that loses a child). */
  alsoLose?: string
}

export interface FakePackages {
  /** `127.0.0.1:<port>`: the registry as "GHCR" (the `ghcr-registry` input). */
  registryHost: string
  /** GITHUB_API_URL. */
  apiUrl: string
  token: string
  switches: FakeSwitches
  /** Every REST request: `METHOD /path status`. */
  log: string[]
  versions(repository: string): FakeVersion[]
  /** Versions deleted (successful DELETEs). */
  deleted: FakeVersion[]
  stop(): Promise<void>
}

const MANIFEST = /^\/v2\/(.+)\/manifests\/([^/]+)$/
const DIGEST = /^sha256:[0-9a-f]{64}$/

export async function startFakePackages(
  registryPort: number,
  owners: Record<string, 'User' | 'Organization'>,
): Promise<FakePackages> {
  const token = 'fake-token-' + Math.random().toString(36).slice(2)
  const all: FakeVersion[] = []
  const deleted: FakeVersion[] = []
  const log: string[] = []
  const switches: FakeSwitches = {}
  let nextId = 1000
  let moved = false

  /** A manifest PUT landed: the version of its digest (new or existing) gets the tag, taken from any other. */
  const landed = (repository: string, reference: string, digest: string) => {
    let version = all.find((v) => v.repository === repository && v.digest === digest)
    if (!version) {
      version = { id: nextId++, repository, digest, tags: [], createdAt: new Date().toISOString() }
      all.push(version)
    }
    if (DIGEST.test(reference)) return
    for (const other of all) if (other.repository === repository) other.tags = other.tags.filter((t) => t !== reference)
    version.tags.push(reference)
  }

  const registry = (method: string, path: string, headers: Record<string, string> = {}, body?: Buffer) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>(
      (resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: registryPort, method, path, headers }, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          )
        })
        req.on('error', reject)
        req.end(body)
      },
    )

  /** A concurrent run retags a version: the registry's tag and GitHub's version both move. */
  const retag = async ({ repository, tag, digest }: { repository: string; tag: string; digest: string }) => {
    const accept = 'application/vnd.oci.image.index.v1+json,application/vnd.docker.distribution.manifest.list.v2+json'
    const got = await registry('GET', `/v2/${repository}/manifests/${digest}`, { accept })
    const type = String(got.headers['content-type'])
    const put = await registry('PUT', `/v2/${repository}/manifests/${tag}`, { 'content-type': type }, got.body)
    if (put.status !== 201) throw new Error(`fake: retag failed with ${put.status}`)
    landed(repository, tag, digest)
  }

  const proxy = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const path = req.url ?? ''
    const manifest = MANIFEST.exec(path.split('?')[0])
    if (manifest && req.method === 'GET' && switches.failRead?.has(manifest[2])) {
      res.writeHead(404, { 'content-type': 'application/json' })
      return res.end(JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'injected' }] }))
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([, v]) => typeof v === 'string') as Array<[string, string]>,
    )
    const up = await registry(req.method ?? 'GET', path, headers, body.length > 0 ? body : undefined)
    if (manifest && req.method === 'PUT' && up.status === 201)
      landed(manifest[1], manifest[2], String(up.headers['docker-content-digest']))
    res.writeHead(up.status, up.headers)
    res.end(up.body)
  }

  const api = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const reply = (status: number, value?: unknown, headers: Record<string, string> = {}) => {
      log.push(`${req.method} ${url.pathname}${url.search} ${status}`)
      res.writeHead(status, { 'content-type': 'application/json', ...headers })
      res.end(value === undefined ? undefined : JSON.stringify(value))
    }
    if (req.headers.authorization !== `Bearer ${token}`) return reply(401, { message: 'Bad credentials' })
    if (switches.forbid === 'all' || (switches.forbid === 'delete' && req.method === 'DELETE'))
      return reply(403, { message: 'Resource not accessible by integration' })
    const segments = url.pathname.split('/').slice(2) // after /api
    if (segments[0] === 'users' && segments.length === 2) {
      const type = owners[decodeURIComponent(segments[1])]
      return type ? reply(200, { login: segments[1], type }) : reply(404, { message: 'Not Found' })
    }
    const [kind, owner, packages, container, name, versions, id] = segments.map(decodeURIComponent)
    const ownerType = owners[owner]
    const fits = (kind === 'orgs' && ownerType === 'Organization') || (kind === 'users' && ownerType === 'User')
    if (!fits || packages !== 'packages' || container !== 'container' || versions !== 'versions')
      return reply(404, { message: 'Not Found' })
    const repository = `${owner}/${name}`
    const own = all.filter((v) => v.repository === repository).sort((a, b) => b.id - a.id)
    const shown = (v: FakeVersion) => ({
      id: v.id,
      name: v.digest,
      url: `${url.origin}/api/${kind}/${owner}/packages/container/${encodeURIComponent(name)}/versions/${v.id}`,
      created_at: v.createdAt,
      updated_at: v.createdAt,
      metadata: { package_type: 'container', container: { tags: [...v.tags] } },
    })
    if (id === undefined && req.method === 'GET') {
      const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30))
      const page = Number(url.searchParams.get('page') ?? 1)
      const slice = own.slice((page - 1) * perPage, page * perPage)
      const last = Math.max(1, Math.ceil(own.length / perPage))
      const link = (p: number, rel: string) =>
        `<${url.origin}${url.pathname}?state=active&per_page=${perPage}&page=${p}>; rel="${rel}"`
      const headers: Record<string, string> =
        page < last ? { link: [link(page + 1, 'next'), link(last, 'last')].join(', ') } : {}
      const body = slice.map(shown)
      const move = switches.moveTagAfterList
      if (move && !moved && move.repository === repository && page === last) {
        moved = true
        await retag(move)
      }
      return reply(200, body, headers)
    }
    const version = own.find((v) => v.id === Number(id))
    if (!version) return reply(404, { message: 'Not Found' })
    if (req.method === 'GET') return reply(200, shown(version))
    if (req.method === 'DELETE') {
      const gone = await registry('DELETE', `/v2/${repository}/manifests/${version.digest}`)
      if (gone.status !== 202) return reply(500, { message: `registry answered ${gone.status}` })
      if (switches.alsoLose) await registry('DELETE', `/v2/${repository}/manifests/${switches.alsoLose}`)
      all.splice(all.indexOf(version), 1)
      deleted.push(version)
      return reply(204)
    }
    return reply(404, { message: 'Not Found' })
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`)
      const handled = url.pathname.startsWith('/api/') ? api(req, res, url) : proxy(req, res, Buffer.concat(chunks))
      handled.catch((error: Error) => {
        res.writeHead(500, { 'content-type': 'text/plain' })
        res.end(`fake: ${error.message}`)
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return {
    registryHost: `127.0.0.1:${port}`,
    apiUrl: `http://127.0.0.1:${port}/api`,
    token,
    switches,
    log,
    versions: (repository) => all.filter((v) => v.repository === repository),
    deleted,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
