export const id = 722;
export const ids = [722];
export const modules = {

/***/ 90722:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cleanupRun: () => (/* binding */ cleanupRun)
});

// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __webpack_require__(71922);
// EXTERNAL MODULE: ./src/registry/connections.ts
var registry_connections = __webpack_require__(87414);
// EXTERNAL MODULE: ./src/registry/retry.ts
var retry = __webpack_require__(41521);
// EXTERNAL MODULE: ./src/common/json.ts
var common_json = __webpack_require__(29927);
// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __webpack_require__(62148);
// EXTERNAL MODULE: ./src/registry/http.ts
var http = __webpack_require__(58851);
;// CONCATENATED MODULE: ./src/cleanup/packages-api.ts
/**
 * GitHub Packages' REST API for container packages: a package's versions listed (with
 * `Link` pagination), read and deleted. It goes through the run's proxy-aware
 * connections and retries 429/5xx. The token goes to the API's own origin only: a
 * `Link` to another origin is refused, and the token is sent over plain HTTP only to
 * loopback (a test's fake API).
 */




/** 401, 403 or 404 from the API: the token may not do this (or does not see the package). */
class PackagesAccessError extends Error {
    status;
    name = 'PackagesAccessError';
    constructor(message, status) {
        super(message);
        this.status = status;
    }
}
/** Any other answer the API should not give, or one that cannot be read. */
class PackagesApiError extends Error {
    name = 'PackagesApiError';
}
const PER_PAGE = 100;
/** Pages followed before giving up: 100,000 versions. */
const MAX_PAGES = 1000;
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const ATTEMPT_TIMEOUT_MS = 60_000;
class PackagesApi {
    options;
    base;
    clock;
    constructor(options) {
        this.options = options;
        this.base = new URL(options.baseUrl.replace(/\/+$/, '') + '/');
        if (this.base.protocol !== 'https:' && !(this.base.protocol === 'http:' && (0,reference/* isLoopbackHost */.cW)(this.base.hostname)))
            throw new PackagesApiError(`GITHUB_API_URL ${this.base.origin}: https only (the token is sent there)`);
        this.clock = options.clock ?? retry/* realClock */.dQ;
    }
    /** `orgs` or `users`: where the owner's packages live. */
    async ownerKind(owner) {
        const body = await this.json('GET', this.url(`users/${encodeURIComponent(owner)}`));
        const type = (0,common_json/* isJsonObject */.O)(body.value) ? body.value.type : undefined;
        if (type === 'Organization')
            return 'orgs';
        if (type === 'User')
            return 'users';
        throw new PackagesApiError(`GET /users/${owner}: no type User or Organization in the answer`);
    }
    /** Every active version of the package, following `Link: <…>; rel="next"`. */
    async listVersions(pkg) {
        const versions = [];
        let next = this.url(`${packagePath(pkg)}/versions?state=active&per_page=${PER_PAGE}&page=1`);
        for (let page = 0; next; page++) {
            if (page >= MAX_PAGES)
                throw new PackagesApiError(`${packagePath(pkg)}: more than ${MAX_PAGES} pages of versions`);
            const { value, link } = await this.json('GET', next);
            if (!Array.isArray(value))
                throw new PackagesApiError(`${packagePath(pkg)}/versions: not a list`);
            versions.push(...value.map((v) => parseVersion(v, packagePath(pkg))));
            next = this.nextPage(link);
        }
        return versions;
    }
    /** The version as GitHub has it now; undefined when it is gone. */
    async getVersion(pkg, id) {
        const where = `${packagePath(pkg)}/versions/${id}`;
        const body = await this.json('GET', this.url(where), { goneIs404: true });
        return body.gone ? undefined : parseVersion(body.value, where);
    }
    /** Deletes the version (restorable for 30 days); a version already gone is not an error. */
    async deleteVersion(pkg, id) {
        await this.json('DELETE', this.url(`${packagePath(pkg)}/versions/${id}`), { goneIs404: true });
    }
    /** The endpoint that restores a deleted version (POST), as the log names it. */
    restoreEndpoint(pkg, id) {
        return `POST ${this.url(`${packagePath(pkg)}/versions/${id}/restore`).href}`;
    }
    url(path) {
        return new URL(path, this.base);
    }
    /** A next page on the API's own origin only: the token never follows a link elsewhere. */
    nextPage(link) {
        const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(link ?? '')?.[1];
        if (!next)
            return undefined;
        const url = new URL(next, this.base);
        if (url.origin !== this.base.origin)
            throw new PackagesApiError(`a Link to another origin (${url.origin}) is not followed`);
        return url;
    }
    async json(method, url, { goneIs404 = false } = {}) {
        const what = `${method} ${url.pathname}`;
        return (0,retry/* withRetry */.bD)(async () => {
            const res = await this.send(method, url);
            const status = res.statusCode;
            if (status === 404 && goneIs404) {
                await (0,http/* discard */.vf)(res);
                return { value: undefined, gone: true };
            }
            if (status === 401 || status === 403 || status === 404) {
                await (0,http/* discard */.vf)(res);
                throw new PackagesAccessError(`${what}: HTTP ${status}`, status);
            }
            if (status === 429 || status >= 500) {
                await (0,http/* discard */.vf)(res);
                throw new retry/* RetryableError */.dw(`${what}: HTTP ${status}`, (0,retry/* parseRetryAfter */.mu)(header(res, 'retry-after'), Date.now()));
            }
            if (status < 200 || status >= 300) {
                await (0,http/* discard */.vf)(res);
                throw new PackagesApiError(`${what}: HTTP ${status}`);
            }
            const text = (await (0,http/* readLimited */.tk)(res, MAX_BODY_BYTES, what)).toString('utf8');
            return { value: parseJson(text, what), link: header(res, 'link') };
        }, this.options.retry, this.clock);
    }
    async send(method, url) {
        const route = await this.options.connections.route(url, true);
        return (0,http/* exchange */.cv)(url, {
            method,
            headers: {
                accept: 'application/vnd.github+json',
                authorization: `Bearer ${this.options.token}`,
                'user-agent': 'bake-fanout',
                'x-github-api-version': '2022-11-28',
            },
            signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
            route,
        });
    }
}
/** `orgs/{owner}/packages/container/{name}` with the name as one URL-encoded segment. */
function packagePath(pkg) {
    return `${pkg.kind}/${encodeURIComponent(pkg.owner)}/packages/container/${encodeURIComponent(pkg.name)}`;
}
function header(res, name) {
    const value = res.headers[name];
    return Array.isArray(value) ? value[0] : value;
}
function parseJson(text, what) {
    if (text.trim() === '')
        return undefined;
    try {
        return JSON.parse(text);
    }
    catch {
        throw new PackagesApiError(`${what}: the answer is not JSON`);
    }
}
const DIGEST = /^sha256:[0-9a-f]{64}$/;
/** A version as read: anything else in the answer is not trusted to decide a deletion. */
function parseVersion(value, where) {
    const bad = (what) => new PackagesApiError(`${where}: a version ${what}`);
    if (!(0,common_json/* isJsonObject */.O)(value))
        throw bad('that is not an object');
    const { id, name, created_at: createdAt, metadata } = value;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0)
        throw bad('without a numeric id');
    if (typeof name !== 'string' || !DIGEST.test(name))
        throw bad(`${id} whose name is not a sha256 digest`);
    if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt)))
        throw bad(`${id} without created_at`);
    const container = (0,common_json/* isJsonObject */.O)(metadata) && (0,common_json/* isJsonObject */.O)(metadata.container) ? metadata.container : undefined;
    const tags = container?.tags ?? [];
    if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string'))
        throw bad(`${id} whose tags are not strings`);
    return { id, digest: name, tags: tags, createdAt };
}

;// CONCATENATED MODULE: ./src/cleanup/packages.ts
/**
 * The GHCR packages a run touched, from its records and verify's results: pure. A
 * repository `OWNER/NAME…` of the GHCR registry is the container package NAME… (slashes
 * kept) of OWNER.
 */

/**
 * Per GHCR repository: the run's tags, what its appends wrote there and what the tags
 * end on. `finals` maps each tag verify acted on to its final digest (undefined: that
 * tag failed). Only tags verify acted on contribute written digests.
 */
function packagesOf(ghcrRegistry, records, finals) {
    const runStartedAt = Math.min(...records.map((r) => Date.parse(r.createdAt)));
    const byRepository = new Map();
    const work = (ref) => {
        const { registry, repository, tag } = (0,reference/* parseReference */.F2)(ref);
        if (registry !== ghcrRegistry || !tag)
            return undefined;
        let pkg = byRepository.get(repository);
        if (!pkg) {
            const [owner, ...name] = repository.split('/');
            // A repository without a name below its owner is no package.
            if (name.length === 0)
                return undefined;
            pkg = {
                registry,
                repository,
                owner,
                name: name.join('/'),
                tags: [],
                written: new Set(),
                finals: new Set(),
                failed: [],
                runStartedAt,
            };
            byRepository.set(repository, pkg);
        }
        if (!pkg.tags.includes(tag))
            pkg.tags.push(tag);
        return { pkg, tag };
    };
    for (const ref of records.flatMap((r) => r.tags))
        work(ref);
    for (const [ref, digest] of finals) {
        const at = work(ref);
        if (!at)
            continue;
        if (digest)
            at.pkg.finals.add(digest);
        else
            at.pkg.failed.push(at.tag);
    }
    for (const { ref, digest } of records.flatMap((r) => r.completion?.written ?? [])) {
        if (finals.has(ref))
            work(ref)?.pkg.written.add(digest);
    }
    return [...byRepository.values()];
}

;// CONCATENATED MODULE: ./src/cleanup/plan.ts
/** The referrers fallback tag `sha256-<hex>` names the digest `sha256:<hex>` as a subject. */
const FALLBACK_TAG = /^sha256-([0-9a-f]{64})$/;
/** First pass, over the listing: the run's own superseded indexes, and why the run's other digests are kept. */
function listedCandidates(versions, run) {
    const candidates = [];
    const kept = [];
    for (const version of versions) {
        if (!run.written.has(version.digest))
            continue;
        const why = listedReason(version, run);
        if (why)
            kept.push({ version, why });
        else
            candidates.push(version);
    }
    return { candidates, kept };
}
function listedReason(version, run) {
    if (run.finals.has(version.digest))
        return "a tag's final digest";
    if (version.tags.length > 0)
        return `tagged ${version.tags.join(', ')}`;
    if (!(Date.parse(version.createdAt) >= run.runStartedAt))
        return 'created before the run started (an earlier run)';
    return undefined;
}
/**
 * The manifests to walk: every tagged version (its children are protected) and every
 * version created since the run started (a referrer of a version the run made can only
 * be newer than that version).
 */
function versionsToWalk(versions, runStartedAt) {
    return versions.filter((v) => v.tags.length > 0 || Date.parse(v.createdAt) >= runStartedAt);
}
/**
 * Digests nothing may delete: every child of a tagged index, through nested indexes
 * (the walk read them, keyed by digest), every subject a walked manifest names, and
 * every subject a `sha256-` fallback tag names.
 */
function protectedDigests(versions, walked) {
    const protect = new Set();
    for (const manifest of walked.values())
        if (manifest.subject)
            protect.add(manifest.subject);
    for (const version of versions) {
        for (const tag of version.tags) {
            const fallback = FALLBACK_TAG.exec(tag);
            if (fallback)
                protect.add(`sha256:${fallback[1]}`);
        }
        if (version.tags.length > 0)
            for (const child of descendants(version.digest, walked))
                protect.add(child);
    }
    return protect;
}
/** Every digest below `root`, through the indexes the walk read. */
function descendants(root, walked) {
    const found = new Set();
    const pending = [...(walked.get(root)?.children ?? [])];
    for (let digest = pending.pop(); digest !== undefined; digest = pending.pop()) {
        if (found.has(digest))
            continue;
        found.add(digest);
        pending.push(...(walked.get(digest)?.children ?? []));
    }
    return found;
}
/** The last check, right before the DELETE: undefined when the candidate may go, else why not. */
function finalCheck(candidate, now) {
    const { fresh, tagDigests, protect, run } = now;
    if (!fresh)
        return 'gone already';
    if (fresh.digest !== candidate.digest)
        return `the version now names ${fresh.digest}`;
    const listed = listedReason(fresh, run);
    if (listed)
        return listed;
    if (tagDigests.has(candidate.digest))
        return 'a tag of the run resolves to it';
    if (protect.has(candidate.digest))
        return 'a child of a tagged index, or a referrer subject';
    return undefined;
}

// EXTERNAL MODULE: ./src/common/markdown.ts
var markdown = __webpack_require__(83932);
;// CONCATENATED MODULE: ./src/cleanup/report.ts
/** What cleanup says: the fix for a refusal, and the job summary's section. Pure. */

/** Said with every 401/403/404 (and a missing token): what lets the job delete versions. */
const accessAdvice = 'give the verify job `permissions: packages: write`, give this repository the admin role on the package ' +
    '(package settings → Manage Actions access; the repository that published it has it), or pass a `github-token` ' +
    'that may delete it (a classic PAT with read:packages and delete:packages)';
function cleanupSummary(outcomes, dryRun) {
    const rows = outcomes.map((o) => [
        o.where,
        String(o.deleted.length),
        String(o.kept.length),
        [o.skipped, ...o.broken].filter(Boolean).join('; ') || 'ok',
    ]);
    const deleted = dryRun ? 'would delete' : 'deleted';
    return `\n### GHCR cleanup${dryRun ? ' (dry run)' : ''}\n\n${(0,markdown/* markdownTable */.Qj)(['package', deleted, 'kept', 'status'], rows)}`;
}

// EXTERNAL MODULE: ./src/oci/types.ts
var types = __webpack_require__(3048);
;// CONCATENATED MODULE: ./src/cleanup/walk.ts
/**
 * Reads the manifests cleanup must see before it may delete anything in a package:
 * each given version's manifest, and every index below a walked index (nested
 * indexes), each digest once. Any read that fails, or finds nothing, fails the walk:
 * a package whose graph is not fully known has nothing deleted.
 */



/** A manifest the walk could not read: the package is left alone. */
class WalkError extends Error {
    name = 'WalkError';
}
/** Reads at once, at most. */
const PARALLEL_READS = 8;
async function walkManifests(client, repository, roots) {
    const walked = new Map();
    let level = [...new Set(roots)];
    while (level.length > 0) {
        const read = await inBatches(level, (digest) => readOne(client, repository, digest));
        for (const manifest of read)
            walked.set(manifest.digest, manifest);
        // Only indexes have children worth reading: an image's children are blobs.
        level = [...new Set(read.flatMap((m) => m.childIndexes))].filter((d) => !walked.has(d));
    }
    return walked;
}
async function readOne(client, repository, digest) {
    const where = `${client.registry}/${repository}@${digest}`;
    const fetched = await client.getManifest(repository, digest).catch((error) => {
        throw new WalkError(`${where} could not be read`, { cause: error });
    });
    if (!fetched)
        throw new WalkError(`${where} is listed as a version but the registry does not serve it`);
    let json;
    try {
        json = JSON.parse(fetched.bytes.toString('utf8'));
    }
    catch {
        throw new WalkError(`${where} is not JSON`);
    }
    if (!(0,common_json/* isJsonObject */.O)(json))
        throw new WalkError(`${where} is not a manifest`);
    const descriptors = types/* INDEX_TYPES */.V.has(fetched.mediaType) && Array.isArray(json.manifests) ? json.manifests : [];
    const children = [];
    const childIndexes = [];
    for (const d of descriptors) {
        if (!(0,common_json/* isJsonObject */.O)(d) || !(0,reference/* isDigest */.Bc)(d.digest))
            throw new WalkError(`${where} names a child without a digest`);
        children.push(d.digest);
        if (typeof d.mediaType === 'string' && types/* INDEX_TYPES */.V.has(d.mediaType))
            childIndexes.push(d.digest);
    }
    const subject = (0,common_json/* isJsonObject */.O)(json.subject) ? json.subject.digest : undefined;
    if (subject !== undefined && !(0,reference/* isDigest */.Bc)(subject))
        throw new WalkError(`${where} names a subject without a digest`);
    return { digest, children, childIndexes, ...(subject && { subject }) };
}
async function inBatches(items, work) {
    const results = [];
    for (let i = 0; i < items.length; i += PARALLEL_READS)
        results.push(...(await Promise.all(items.slice(i, i + PARALLEL_READS).map(work))));
    return results;
}

;// CONCATENATED MODULE: ./src/cleanup/run.ts
/**
 * verify's `cleanup`: on the GHCR registry, delete the index versions this run's appends
 * wrote and superseded (plan.ts says when one may go), then check that every tag of the
 * run resolves and every child of every tagged index is served. Thin I/O around the
 * pure planner: list, walk, re-check each candidate right before its DELETE.
 *
 * Cleanup never fails the step for what GitHub refuses (a warning naming the fix); it
 * fails it only when the check afterwards finds a tag or child missing.
 */








/** Runs the cleanup of every GHCR package the run's tags are in. */
async function cleanupRun(records, finals, options, deps) {
    const packages = packagesOf(options.ghcrRegistry, records, finals);
    if (packages.length === 0) {
        deps.log.info(`cleanup: no tag of this run is on ${options.ghcrRegistry}: nothing to clean`);
        return { summary: '' };
    }
    if (!options.token) {
        deps.log.warning(`cleanup: no token: ${accessAdvice}`);
        return { summary: '' };
    }
    deps.log.setSecret(options.token);
    const connections = new registry_connections/* Connections */.U(deps.env);
    try {
        const api = new PackagesApi({
            baseUrl: options.apiUrl,
            token: options.token,
            connections,
            retry: deps.retry ?? retry/* DEFAULT_RETRY */.vI,
            ...(deps.clock && { clock: deps.clock }),
        });
        const kinds = new Map();
        const outcomes = [];
        // One package at a time: GITHUB_TOKEN's REST budget is 1,000 requests an hour.
        for (const work of packages) {
            let kind = kinds.get(work.owner);
            if (!kind) {
                kind = api.ownerKind(work.owner);
                kind.catch(() => { }); // a package that never asks (one skipped) leaves no unhandled rejection
                kinds.set(work.owner, kind);
            }
            outcomes.push(await cleanPackage(work, kind, api, options, deps));
        }
        const broken = outcomes.flatMap((o) => o.broken);
        return {
            summary: cleanupSummary(outcomes, options.dryRun),
            ...(broken.length > 0 && { failure: `cleanup: after deleting, ${broken.join('; ')}` }),
        };
    }
    finally {
        await connections.destroy();
    }
}
async function cleanPackage(work, kind, api, options, deps) {
    const where = `${work.registry}/${work.repository}`;
    const outcome = { where, deleted: [], kept: [], broken: [] };
    if (work.failed.length > 0) {
        outcome.skipped = `tags ${work.failed.join(', ')} were not written, so their final digests are unknown`;
        deps.log.warning(`cleanup of ${where}: nothing deleted: ${outcome.skipped}`);
        return outcome;
    }
    try {
        const pkg = { owner: work.owner, name: work.name, kind: await kind };
        const client = await deps.client(work.registry);
        const versions = await api.listVersions(pkg);
        const { candidates, kept } = listedCandidates(versions, work);
        outcome.kept.push(...kept);
        deps.log.info(`cleanup of ${where}: ${versions.length} versions, ${candidates.length} candidate(s) of this run's ${work.written.size} written index(es)`);
        if (candidates.length === 0)
            return outcome;
        const walked = await walkManifests(client, work.repository, versionsToWalk(versions, work.runStartedAt).map((v) => v.digest));
        const protect = protectedDigests(versions, walked);
        for (const candidate of candidates) {
            const fresh = await api.getVersion(pkg, candidate.id);
            const tagDigests = await resolveTags(client, work);
            const why = finalCheck(candidate, { fresh, tagDigests, protect, run: work });
            if (why) {
                outcome.kept.push({ version: candidate, why });
                continue;
            }
            if (options.dryRun) {
                deps.log.info(`cleanup: would delete version ${candidate.id} (${candidate.digest}) of ${where}`);
                outcome.deleted.push(candidate);
                continue;
            }
            await api.deleteVersion(pkg, candidate.id);
            outcome.deleted.push(candidate);
            deps.log.info(`cleanup: deleted version ${candidate.id} (${candidate.digest}) of ${where}; restore within 30 days: ${api.restoreEndpoint(pkg, candidate.id)}`);
        }
        for (const k of outcome.kept)
            logKept(k, where, deps.log);
        if (outcome.deleted.length > 0 && !options.dryRun) {
            const tagged = versions.filter((v) => v.tags.length > 0).map((v) => v.digest);
            const children = new Set(tagged.flatMap((d) => [...descendants(d, walked)]));
            outcome.broken = await validate(client, work, children);
        }
    }
    catch (error) {
        outcome.skipped = (0,errors/* errorMessage */.gJ)(error);
        const advice = error instanceof PackagesAccessError ? `: ${accessAdvice}` : '';
        const left = outcome.deleted.length > 0 ? `stopped after ${outcome.deleted.length} deletion(s)` : 'nothing deleted';
        deps.log.warning(`cleanup of ${where}: ${left}: ${outcome.skipped}${advice}`);
    }
    return outcome;
}
function logKept({ version, why }, where, log) {
    log.info(`cleanup: kept version ${version.id} (${version.digest}) of ${where}: ${why}`);
}
/** The digests the run's tags of this package resolve to now (HEAD, no pull). */
async function resolveTags(client, work) {
    const heads = await Promise.all(work.tags.map((tag) => client.headManifest(work.repository, tag)));
    return new Set(heads.flatMap((h) => (h ? [h.digest] : [])));
}
/** After deleting: every tag of the run resolves, every child of every tagged index answers 200. */
async function validate(client, work, children) {
    const where = `${work.registry}/${work.repository}`;
    const broken = [];
    for (const tag of work.tags)
        if (!(await client.headManifest(work.repository, tag)))
            broken.push(`${where}:${tag} does not resolve`);
    for (const child of children)
        if (!(await client.headManifest(work.repository, child)))
            broken.push(`${where}@${child} (a child) is gone`);
    return broken;
}


/***/ })

};
