export const id = 990;
export const ids = [990];
export const modules = {

/***/ 70990:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runAppend: () => (/* reexport */ runAppend),
  runVerify: () => (/* reexport */ runVerify)
});

// EXTERNAL MODULE: ./src/common/clock.ts
var common_clock = __webpack_require__(39987);
// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __webpack_require__(71922);
// EXTERNAL MODULE: ./src/oci/digest.ts
var oci_digest = __webpack_require__(68825);
// EXTERNAL MODULE: ./src/oci/reference.ts
var oci_reference = __webpack_require__(62148);
// EXTERNAL MODULE: ./src/image-index/entries.ts
var image_index_entries = __webpack_require__(52308);
// EXTERNAL MODULE: ./src/records/record.ts + 1 modules
var records_record = __webpack_require__(52549);
// EXTERNAL MODULE: ./src/oci/types.ts
var types = __webpack_require__(3048);
;// CONCATENATED MODULE: ./src/registry/errors.ts
/**
 * Errors of the registry layer, checked by kind (status, codes, flags), never by text:
 * callers ask `status`, `isTemporary` or `hasCode(...)`, or `isAmbiguousFailure(error)`.
 */
/** A registry answer that is not a success, with the registry's own codes and messages. */
class RegistryError extends Error {
    request;
    status;
    errors;
    retryAfterMs;
    name = 'RegistryError';
    constructor(
    /** The request, `METHOD registry/path` (no query string: upload URLs carry session state). */
    request, status, errors = [], 
    /** The server's Retry-After, in ms. */
    retryAfterMs, text) {
        super(`${request}: ${describe(errors) || text || `HTTP ${status}`}`);
        this.request = request;
        this.status = status;
        this.errors = errors;
        this.retryAfterMs = retryAfterMs;
    }
    hasCode(code) {
        return this.errors.some((e) => e.code === code);
    }
    /** Worth trying again: 429 and 5xx but 501/505 (distribution answers 500 to a GET racing a PUT). */
    get isTemporary() {
        return isTemporaryStatus(this.status);
    }
    /** From a response body; `text` is the body as read (empty for HEAD). */
    static fromBody(request, status, text, retryAfterMs) {
        const errors = parseErrorBody(text);
        return new RegistryError(request, status, errors, retryAfterMs, errors.length ? undefined : text.trim().slice(0, 200));
    }
}
function isTemporaryStatus(status) {
    return status === 429 || (status >= 500 && status !== 501 && status !== 505);
}
function parseErrorBody(text) {
    try {
        const errors = JSON.parse(text).errors ?? [];
        return errors.map((e) => ({
            code: e.code ?? 'ERROR',
            message: e.message ?? '',
            ...(e.detail !== undefined && { detail: e.detail }),
        }));
    }
    catch {
        return [];
    }
}
function describe(errors) {
    return errors.map((e) => `${e.code}: ${e.message}`).join('; ');
}
/**
 * The auth layer could not authorize a request (a token refused, a token server down or
 * out of its bound, a realm refused): the request itself was never sent. Its own
 * retries are spent (not temporary: never retried again); `cause` is the last failure.
 */
class AuthError extends Error {
    name = 'AuthError';
    isTemporary = false;
}
/** A registry served content that does not match the digest it was asked for. */
class ContentDigestError extends Error {
    name = 'ContentDigestError';
}
/**
 * A manifest PUT answered with a Docker-Content-Digest other than that of the bytes
 * written: the registry (or a proxy) did not store what we sent, so the write failed.
 */
class WrittenDigestError extends Error {
    request;
    written;
    answered;
    name = 'WrittenDigestError';
    constructor(
    /** `PUT registry/repository:tag`. */
    request, written, answered) {
        super(`${request}: the registry answered that it stored ${answered}, but the manifest written is ${written}: ` +
            'the write is not taken as done (a registry or proxy that stores other content than it is sent)');
        this.request = request;
        this.written = written;
        this.answered = answered;
    }
}
/** One attempt of a request got no complete answer within its bound: it was abandoned, maybe after it was applied. */
class AttemptTimeoutError extends Error {
    name = 'AttemptTimeoutError';
    isTemporary = true;
}
/** Connection failures that happen before a request is sent: nothing can have been applied. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);
/**
 * A failed write attempt whose outcome is unknown: the registry may still apply it
 * after we retried (docs/design.md, "Ambiguous writes"). A timeout, a connection lost
 * once it was open, and a 5xx but 501/505 (a gateway's 502/503/504 in front of a
 * registry that goes on; and a registry's own 500, since distribution can fail after
 * storing the tag: a wait costs only time, a wrong "not applied" costs a platform).
 * Refusals (4xx, 429, 501, 505), failures to connect and auth failures (the request
 * was never sent) are not.
 */
function isAmbiguousFailure(error) {
    if (error instanceof AuthError)
        return false;
    if (error instanceof AttemptTimeoutError)
        return true;
    if (error instanceof RegistryError)
        return error.status >= 500 && error.status !== 501 && error.status !== 505;
    const code = error?.code;
    return typeof code === 'string' && code !== '' && !NEVER_SENT.has(code);
}

;// CONCATENATED MODULE: ./src/registry/copy.ts


/** Copies every entry (and its blobs) that `to` lacks. Returns how many manifests were copied. */
async function copyEntries(from, to, entries) {
    const copied = await Promise.all(entries.map((entry) => copyManifest(from, to, entry)));
    return copied.filter(Boolean).length;
}
async function copyManifest(from, to, entry) {
    if (await manifestPresent(to, entry.digest))
        return false;
    if (types/* INDEX_TYPES */.V.has(entry.mediaType))
        throw new Error(`nested index ${entry.digest} cannot be copied`);
    const fetched = await from.client.getManifest(from.repository, entry.digest);
    if (!fetched)
        throw new Error(`${from.client.registry}/${from.repository}@${entry.digest} does not exist`);
    const manifest = JSON.parse(fetched.bytes.toString('utf8'));
    const blobs = [manifest.config, ...(manifest.layers ?? [])];
    for (let attempt = 1;; attempt++) {
        await Promise.all(blobs.map((blob) => copyBlob(from, to, blob)));
        try {
            await to.client.putManifest(to.repository, entry.digest, { bytes: fetched.bytes, mediaType: fetched.mediaType });
            return true;
        }
        catch (error) {
            // Distribution 2.8 can lose a blob that two jobs upload at once (a shared base
            // layer): it then refuses the manifest. Copy the blobs again, once.
            if (attempt > 1 || !(error instanceof RegistryError) || !error.hasCode('MANIFEST_BLOB_UNKNOWN'))
                throw error;
        }
    }
}
/** A 403 (Artifactory, for a missing manifest) means "unknown": copy it; a real refusal shows on the PUT. */
async function manifestPresent(to, digest) {
    try {
        return (await to.client.headManifest(to.repository, digest)) !== undefined;
    }
    catch (error) {
        if (error instanceof RegistryError && error.status === 403)
            return false;
        throw error;
    }
}
async function copyBlob(from, to, blob) {
    if (await to.client.blobs.has(to.repository, blob.digest))
        return;
    let session;
    if (from.client === to.client) {
        const mount = await to.client.blobs.mount(to.repository, blob.digest, from.repository);
        if (mount.mounted)
            return;
        session = mount.session;
    }
    const open = () => from.client.blobs.open(from.repository, blob.digest);
    await to.client.blobs.upload(to.repository, blob.digest, blob.size, open, session);
}

// EXTERNAL MODULE: ./src/image-index/platform.ts
var image_index_platform = __webpack_require__(20985);
;// CONCATENATED MODULE: ./src/convergence/read.ts
/** Reading what append and verify work on: a build's index entries, and a tag's current index. */



/** A build's digest is not in the repository it was said to be pushed to. */
class BuildMissingError extends Error {
    name = 'BuildMissingError';
}
/**
 * The entries of a pushed digest. An index (buildx's default, with provenance) gives
 * its manifests as they are; a single image manifest becomes one entry whose platform
 * is read from its config blob.
 */
async function readBuildEntries(client, repository, digest) {
    const fetched = await client.getManifest(repository, digest);
    if (!fetched)
        throw new BuildMissingError(`${client.registry}/${repository}@${digest} does not exist in the registry`);
    const entries = types/* INDEX_TYPES */.V.has(fetched.mediaType)
        ? (parse(fetched).manifests ?? [])
        : [await singleEntry(client, repository, fetched)];
    const platforms = (0,image_index_entries/* platformsOf */.Wt)(entries);
    if (platforms.length === 0)
        throw new Error(`${client.registry}/${repository}@${digest} holds no platform image`);
    const duplicate = platforms.find((p, i) => platforms.indexOf(p) !== i);
    if (duplicate)
        throw new Error(`${client.registry}/${repository}@${digest} holds platform ${duplicate} twice`);
    return { entries, platforms, mediaType: fetched.mediaType, size: fetched.size };
}
/** A tag's manifest as an index: 404 is no index, a single image manifest is an index of one. */
async function readTagIndex(client, repository, tag) {
    const fetched = await client.getManifest(repository, tag);
    if (!fetched)
        return {};
    if (types/* INDEX_TYPES */.V.has(fetched.mediaType))
        return { index: asIndex(parse(fetched)), digest: fetched.digest };
    return {
        index: {
            schemaVersion: 2,
            mediaType: fetched.mediaType,
            manifests: [await singleEntry(client, repository, fetched)],
        },
        digest: fetched.digest,
    };
}
async function singleEntry(client, repository, fetched) {
    if (!types/* IMAGE_TYPES */.eG.has(fetched.mediaType)) {
        throw new Error(`${client.registry}/${repository}@${fetched.digest}: unsupported manifest type '${fetched.mediaType}'`);
    }
    const manifest = parse(fetched);
    const config = JSON.parse((await client.blobs.get(repository, manifest.config.digest)).toString('utf8'));
    if (!config.os || !config.architecture) {
        throw new Error(`${client.registry}/${repository}@${fetched.digest}: the image config names no platform`);
    }
    const platform = (0,image_index_platform/* normalizePlatform */.FL)({
        os: config.os,
        architecture: config.architecture,
        variant: config.variant,
        'os.version': config['os.version'],
    });
    return { mediaType: fetched.mediaType, digest: fetched.digest, size: fetched.size, platform: toOci(platform) };
}
/** OCI field order (architecture, os, variant), as buildx writes it. */
function toOci(p) {
    return {
        architecture: p.architecture,
        os: p.os,
        ...(p['os.version'] && { 'os.version': p['os.version'] }),
        ...(p.variant && { variant: p.variant }),
    };
}
/** An index as another tool may have written it: no `manifests` is an empty list, anything else not a list is refused. */
function asIndex(index) {
    if (index.manifests === undefined || index.manifests === null)
        return { ...index, manifests: [] };
    if (!Array.isArray(index.manifests))
        throw new Error(`index ${index.mediaType ?? ''}: 'manifests' is not a list`);
    return index;
}
function parse(fetched) {
    try {
        return JSON.parse(fetched.bytes.toString('utf8'));
    }
    catch {
        throw new Error(`manifest ${fetched.digest} is not valid JSON`);
    }
}

;// CONCATENATED MODULE: ./src/convergence/builds.ts





class BuildSource {
    pool;
    log;
    options;
    entries = new Map();
    copies = new Map();
    warned = new Set();
    constructor(pool, log, options) {
        this.pool = pool;
        this.log = log;
        this.options = options;
    }
    client(registry) {
        return this.pool.client(registry);
    }
    /** The builds `records` (the run's) hold for one tag, copied into its repository where they are not. */
    forTag(query, records) {
        return this.union(query, records, true);
    }
    /** The same builds, copying nothing: what a job holding `records` writes to the tag. */
    unionOf(query, records) {
        return this.union(query, records, false);
    }
    async union(query, records, copy) {
        const mine = records.filter((r) => r.tags.includes(query.ref));
        const chosen = new Map();
        for (const [platform, { newest }] of (0,records_record/* newestByPlatform */.BM)(mine)) {
            chosen.set(newest, (chosen.get(newest) ?? new Set()).add(platform));
        }
        const builds = await Promise.all([...chosen].map(async ([record, platforms]) => {
            const read = await this.entriesOf(record, query);
            if (this.untrusted(record, read))
                return { entries: [], createdAt: record.createdAt };
            if (copy)
                await this.ensureIn(record, read, query);
            return {
                entries: (0,image_index_entries/* entriesForPlatforms */._B)(read.entries, platforms),
                createdAt: record.createdAt,
                run: { runId: record.runId, runAttempt: record.runAttempt },
            };
        }));
        // Superseded records only widen "this run's builds": one the registry no longer has is skipped.
        const all = await Promise.allSettled(mine.map((r) => this.entriesOf(r, query)));
        const read = all.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
        const runDigests = new Set(read.flatMap((build) => (0,image_index_entries/* imageEntries */.Io)(build.entries).map((e) => e.digest)));
        return { builds, runDigests };
    }
    /**
     * A record of the run whose digest does not hold the platforms it claims is not
     * believed: its build is left out of this job's writes, said once (verify fails its target).
     */
    untrusted(record, read) {
        const why = (0,records_record/* recordMismatch */.cL)(record, read.platforms);
        if (why && !this.warned.has(record.digest)) {
            this.warned.add(record.digest);
            this.log.warning(`${why}: that record is ignored here, and verify fails its target`);
        }
        return why !== undefined;
    }
    /** A build already read (append's own): not read again. */
    remember(digest, entries) {
        this.entries.set(digest, Promise.resolve(entries));
    }
    /** A record's entries, read once per run (a digest is immutable). */
    entriesOf(record, near) {
        let read = this.entries.get(record.digest);
        if (!read && this.options.recordedEntries && record.entries) {
            read = Promise.resolve(recordedBuild(record, record.entries));
            this.entries.set(record.digest, read);
        }
        if (!read) {
            const source = sourceFor(record, near);
            read = this.pool
                .client(source.registry)
                .then((client) => readBuildEntries(client, source.repository, record.digest))
                .catch((error) => {
                throw new Error(`recorded digest of ${record.target} ${record.platforms.join(', ')}: ${error.message}`);
            });
            read.catch(() => this.entries.delete(record.digest));
            this.entries.set(record.digest, read);
        }
        return read;
    }
    /** Copies the record's manifests (and blobs) into `to` when the build was not pushed there. */
    async ensureIn(record, read, to) {
        const target = (0,oci_reference/* repositoryName */.aR)(to);
        if (!this.options.copy || record.repositories.includes(target))
            return;
        const key = `${record.digest} ${target}`;
        let copy = this.copies.get(key);
        if (!copy) {
            const from = sourceFor(record, to);
            copy = (async () => {
                const copied = await copyEntries({ client: await this.pool.client(from.registry), repository: from.repository }, { client: await this.pool.client(to.registry), repository: to.repository }, read.entries);
                if (copied > 0)
                    this.log.info(`${target}: copied ${copied} manifests from ${(0,oci_reference/* repositoryName */.aR)(from)}`);
            })();
            copy.catch(() => this.copies.delete(key));
            this.copies.set(key, copy);
        }
        await copy;
    }
}
/** Where to read or copy a record's build from: the repository itself, else one in the same registry (mountable), else the first. */
function sourceFor(record, near) {
    const sources = record.repositories.map((name) => {
        const { registry, repository } = (0,oci_reference/* parseReference */.F2)(name);
        return { registry, repository };
    });
    return (sources.find((s) => s.registry === near.registry && s.repository === near.repository) ??
        sources.find((s) => s.registry === near.registry) ??
        sources[0]);
}
/** A version 2 record's build, as it recorded it. */
function recordedBuild(record, entries) {
    return { entries, platforms: (0,image_index_entries/* platformsOf */.Wt)(entries), mediaType: record.mediaType, size: record.size };
}

;// CONCATENATED MODULE: ./src/image-index/canonical.ts


function canonicalOrder(entries) {
    const images = (0,image_index_entries/* imageEntries */.Io)(entries)
        .map((image) => ({ image, key: sortKey(image) }))
        .sort((a, b) => compare(a.key, b.key))
        .map(({ image }) => image);
    const rank = new Map(images.map((image, i) => [image.digest, i]));
    const attestations = entries
        .filter((e) => (0,image_index_entries/* isAttestation */.H3)(e) && rank.has((0,image_index_entries/* attestedDigest */.Js)(e)))
        .sort((a, b) => rank.get((0,image_index_entries/* attestedDigest */.Js)(a)) - rank.get((0,image_index_entries/* attestedDigest */.Js)(b)) || compare([a.digest], [b.digest]));
    const placed = new Set([...images, ...attestations]);
    return [...images, ...attestations, ...entries.filter((e) => !placed.has(e))];
}
/** JSON with sorted keys: another tool's key order does not count, and equal content is equal bytes. */
function canonicalJson(value) {
    return JSON.stringify(value, (_key, v) => v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : v);
}
function serializeIndex(index) {
    return Buffer.from(canonicalJson(index));
}
function sortKey(image) {
    const p = (0,image_index_platform/* normalizePlatform */.FL)(image.platform);
    return [p.os, p.architecture, p.variant ?? '', p['os.version'] ?? '', image.digest];
}
/** Code-unit order, field by field (no locale: the same bytes everywhere). */
function compare(a, b) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
        const [x, y] = [a[i] ?? '', b[i] ?? ''];
        if (x !== y)
            return x < y ? -1 : 1;
    }
    return 0;
}

// EXTERNAL MODULE: ./src/image-index/runs.ts
var runs = __webpack_require__(38320);
;// CONCATENATED MODULE: ./src/image-index/upsert.ts
/**
 * The upsert at the heart of append and verify. Pure: an index and builds in, an index out.
 *
 * For every platform a build brings, the entries the index holds for that platform go,
 * with the attestation manifests that attest them, and the build's entries (image +
 * attestations) take the place of the first entry removed, or go to the end. Two rules
 * keep a platform from going backwards:
 * - a platform already held as exactly this build is left where it is;
 * - newest run wins across runs (runs.ts): an entry of a newer run, or of another tool
 *   with a later (believable) `org.opencontainers.image.created`, that is not a build
 *   of this run, is kept (reported as kept newer), never replaced by an older run's build.
 * The result is in canonical order (canonical.ts): one content, one digest. Index
 * annotations and unknown top-level fields are kept, and so is a Docker manifest list
 * while its children allow. The same upsert applied twice changes nothing (a re-run's
 * convergence may still write the same content once: see `heldElsewhere`); an existing
 * tag in another order is brought to canonical order.
 */





const EMPTY_INDEX = { schemaVersion: 2, mediaType: types/* OCI_INDEX */.$p, manifests: [] };
function upsertIndex(current, builds, options = {}) {
    const base = current ?? EMPTY_INDEX;
    const wanted = wantedByPlatform(builds);
    const held = (0,image_index_entries/* imagesByPlatform */.fx)(base.manifests);
    const present = new Set(base.manifests.map((e) => e.digest));
    const decisions = new Map();
    const keptNewer = new Map();
    const untrusted = new Map();
    const moving = [];
    const replaced = new Set();
    const heldElsewhere = [];
    for (const [platform, want] of wanted) {
        const existing = heldFor(held, platform);
        const ages = existing.map((e) => ({ entry: e, age: ageAgainst(e, want, options) }));
        const newer = ages.find((a) => a.age.kind === 'newer');
        if (isHeld(existing, want, present)) {
            decisions.set(platform, 'held');
            if (!STAMP.every((key) => existing[0].annotations?.[key] === want.image.annotations?.[key]))
                heldElsewhere.push(platform);
        }
        else if (newer?.age.kind === 'newer') {
            decisions.set(platform, 'kept-newer');
            keptNewer.set(platform, newer.age.why);
        }
        else {
            decisions.set(platform, 'written');
            for (const { entry, age } of ages) {
                replaced.add(entry.digest);
                if (age.kind === 'untrusted')
                    untrusted.set(platform, age.created);
            }
            moving.push(...want.entries);
        }
    }
    if (options.prune) {
        for (const image of (0,image_index_entries/* imageEntries */.Io)(base.manifests))
            if (!wanted.has((0,image_index_entries/* platformOf */.tj)(image)))
                replaced.add(image.digest);
    }
    const index = assemble(base, moving, replaced, options.annotations ?? []);
    return { index, changed: !sameIndex(current, index), decisions, keptNewer, untrusted, heldElsewhere };
}
/** The newest build per platform (by record time), its image stamped with its run and time, in platform order. */
function wantedByPlatform(builds) {
    const wanted = new Map();
    for (const build of builds) {
        for (const image of (0,image_index_entries/* imageEntries */.Io)(build.entries)) {
            const platform = (0,image_index_entries/* platformOf */.tj)(image);
            const other = wanted.get(platform);
            if (other && Date.parse(other.createdAt) >= Date.parse(build.createdAt))
                continue;
            const stamp = build.run ? (0,runs/* runStamp */.bB)(build.run, build.createdAt) : { [image_index_entries/* CREATED */.DE]: build.createdAt };
            const stamped = { ...image, annotations: { ...image.annotations, ...stamp } };
            const attestations = (0,image_index_entries/* withAttestations */.Gn)(build.entries, [image]).filter((e) => e !== image);
            const entries = [stamped, ...attestations];
            wanted.set(platform, { image: stamped, entries, createdAt: build.createdAt, run: build.run });
        }
    }
    return new Map([...wanted].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
/** The index holds exactly this image for the platform, with all its attestations. */
function isHeld(existing, want, present) {
    return (existing.length === 1 &&
        existing[0].digest === want.image.digest &&
        want.entries.every((e) => present.has(e.digest)));
}
/** What stamps an entry as one record's build: its time and its run (runs.ts runStamp). */
const STAMP = [image_index_entries/* CREATED */.DE, runs/* RUN_ID */.UC, runs/* RUN_ATTEMPT */.qU];
/**
 * The entries a build of `platform` replaces: those of the same platform and, for a
 * build with an os.version, those of the same platform without one (a versioned build
 * is the better answer for every client that asked for it).
 */
function heldFor(held, platform) {
    const unversioned = (0,image_index_platform/* basePlatform */.Hu)(platform);
    return [...(held.get(platform) ?? []), ...(unversioned !== platform ? (held.get(unversioned) ?? []) : [])];
}
/** How an entry the build would replace compares with it: a build of this run is never newer. */
function ageAgainst(entry, want, options) {
    if (entry.digest === want.image.digest || options.runDigests?.has(entry.digest))
        return { kind: 'older' };
    return (0,runs/* ageOf */.hy)(entry, want.run, want.createdAt, options.now ?? Infinity);
}
/** The base's entries less the replaced ones (and their attestations), with the moving ones, in canonical order. */
function assemble(base, moving, replaced, annotations) {
    const movingDigests = new Set(moving.map((e) => e.digest));
    const gone = (digest) => replaced.has(digest) || movingDigests.has(digest);
    const goes = (e) => gone(e.digest) || ((0,image_index_entries/* isAttestation */.H3)(e) && gone((0,image_index_entries/* attestedDigest */.Js)(e)));
    const manifests = canonicalOrder([...base.manifests.filter((e) => !goes(e)), ...moving]);
    const mergedAnnotations = { ...base.annotations, ...Object.fromEntries(annotations) };
    // Fields this tool does not know (subject, artifactType, vendor fields) are kept as they are.
    const { schemaVersion: _v, mediaType: _m, manifests: _e, annotations: _a, ...unknown } = base;
    const ociOnly = Object.keys(mergedAnnotations).length > 0 || Object.keys(unknown).length > 0;
    const dockerList = base.mediaType === types/* DOCKER_MANIFEST_LIST */.m6 || base === EMPTY_INDEX;
    return {
        schemaVersion: 2,
        mediaType: dockerList && !ociOnly && manifests.length > 0 && manifests.every(isDockerType)
            ? types/* DOCKER_MANIFEST_LIST */.m6
            : types/* OCI_INDEX */.$p,
        ...unknown,
        manifests,
        ...(Object.keys(mergedAnnotations).length > 0 && { annotations: mergedAnnotations }),
    };
}
/**
 * A Docker manifest list stays one (and a new tag becomes one) while every child is a
 * Docker type, as buildx does: some registries and clients refuse OCI indexes. Index
 * annotations, or OCI-only fields, need an OCI index.
 */
function isDockerType(entry) {
    return entry.mediaType === types/* DOCKER_MANIFEST */.Vv || entry.mediaType === types/* DOCKER_MANIFEST_LIST */.m6;
}
/** Semantic equality: same type, same entries in the same order, same annotations and other fields. */
function sameIndex(current, next) {
    if (!current)
        return false;
    return canonicalJson({ ...current, mediaType: current.mediaType ?? types/* OCI_INDEX */.$p }) === canonicalJson(next);
}
/** Platforms the index does not satisfy: neither held as the build, nor kept as a newer build of another run. */
function unsatisfied(index, builds, options = {}) {
    const { decisions } = upsertIndex(index, builds, options);
    return [...decisions].filter(([, d]) => d === 'written').map(([platform]) => platform);
}

;// CONCATENATED MODULE: ./src/convergence/converge.ts



/** The guard read found a recorded build missing after every repair: the registry does not serve what it acknowledged. */
class UnconfirmedWriteError extends Error {
    writes;
    missing;
    name = 'UnconfirmedWriteError';
    constructor(writes, missing) {
        super(`the registry acknowledged ${writes} write${writes === 1 ? '' : 's'} and serves none of them ` +
            `(still missing after the final guard's reads: ${missing.join(', ')})`);
        this.writes = writes;
        this.missing = missing;
    }
}
/** Rounds before giving up: each record that appears costs at most one, each failed guard read one. */
const MAX_ROUNDS = 20;
/** Failed guard reads before the tag fails: a registry that keeps losing acknowledged writes. */
const MAX_GUARD_FAILURES = 3;
async function convergeTag(tag, listBuilds, options) {
    const { clock } = options;
    // Read first, list second: the later the listing, the more records the first write holds.
    let read = await tag.read();
    let run = await listBuilds();
    const before = read.index;
    const beforeDigest = read.digest;
    const progress = { writes: 0, horizonWaitMs: 0, guardFailures: 0, firstChanged: false };
    for (let round = 0; round < MAX_ROUNDS; round++) {
        const plan = upsert(read.index, run, options);
        const bytes = serializeIndex(plan.index);
        if (round === 0)
            progress.firstChanged = plan.changed;
        const outcome = (digest) => finish(before, plan, digest, run, { ...progress, round, beforeDigest });
        if (options.dryRun)
            return outcome(plan.changed ? (0,oci_digest/* sha256Digest */.s)(bytes) : (read.digest ?? (0,oci_digest/* sha256Digest */.s)(bytes)));
        let digest = read.digest ?? (0,oci_digest/* sha256Digest */.s)(bytes);
        if (round > 0 || plan.changed || options.alwaysWrite || !holdsOwnEntries(plan)) {
            const ack = await tag.write(plan.index, bytes);
            progress.writes++;
            digest = ack.digest;
            progress.horizonWaitMs += await waitUntil(clock, ack.inFlightUntil);
            run = await listBuilds();
            if (missing(plan.index, run, options).length > 0) {
                read = await tag.read();
                continue;
            }
        }
        if (options.settleMs <= 0)
            return outcome(digest);
        await clock.sleep(options.settleMs);
        read = await tag.read();
        run = await listBuilds();
        const absent = missing(read.index, run, options);
        if (absent.length === 0)
            return outcome(digest);
        if (++progress.guardFailures > MAX_GUARD_FAILURES)
            throw new UnconfirmedWriteError(progress.writes, absent);
    }
    throw new Error(`the run's builds were still missing after ${MAX_ROUNDS} rounds`);
}
/**
 * Whether the read holds each record's own entry: round 0 may skip only then. The same image
 * under another stamp, or another run's newer build kept in its place, may be in a version
 * older than the record, and so proves nothing about this run's writes.
 */
function holdsOwnEntries(plan) {
    return plan.heldElsewhere.length === 0 && plan.keptNewer.size === 0;
}
function finish(before, plan, digest, run, progress) {
    const { writes, horizonWaitMs, firstChanged, round, beforeDigest } = progress;
    return {
        before,
        after: plan.index,
        digest,
        // Every round after the first wrote (a record appeared, or the guard found the tag lacking): a repair.
        // A round 0 that rewrote the same content in other bytes (another tool's index made canonical) changed it
        // too; without a write the digest is the one read.
        changed: firstChanged || round > 0 || digest !== beforeDigest,
        writes,
        repairs: round,
        keptNewer: plan.keptNewer,
        untrusted: plan.untrusted,
        horizonWaitMs,
        runEntries: new Set(run.builds.flatMap((b) => b.entries.map((e) => e.digest))),
    };
}
/** Sleeps until `until` (epoch ms), if it is still ahead; returns the time waited. */
async function waitUntil(clock, until) {
    const wait = until === undefined ? 0 : until - clock.now();
    if (wait <= 0)
        return 0;
    await clock.sleep(wait);
    return wait;
}
function upsert(current, run, options) {
    return upsertIndex(current, run.builds, {
        annotations: options.annotations,
        prune: options.prune,
        runDigests: run.runDigests,
        now: options.clock.now(),
    });
}
function missing(index, run, options) {
    return unsatisfied(index, run.builds, { runDigests: run.runDigests, now: options.clock.now() });
}

;// CONCATENATED MODULE: ./src/convergence/known-indexes.ts
/**
 * Indexes a job knows without reading them: Docker Hub counts every manifest GET as a
 * pull (a HEAD is not one). Every index a job of the run writes to a tag is the
 * canonical union of some of the run's records upserted into what the tag held before
 * (nothing, for a new tag) — with a shared record store, the records saved before its
 * writer's last listing. So when a tag's HEAD names a digest not read yet, the job
 * computes those unions from the records it holds, on the bases it has read, and takes
 * the one whose canonical bytes have that digest: equal digests are equal bytes, exactly
 * what a GET would return. A digest no union gives (another tool's index, a base this
 * job has not read, a record it does not hold) is read as before.
 */



/**
 * Records naming one tag up to which every union is tried (2^n of them); beyond, only the
 * whole set and the sets saved first (a listing's), by record time.
 */
const MAX_RECORDS_ENUMERATED = 8;
class KnownIndexes {
    source;
    records;
    options;
    /** Canonical bytes by digest, of every union computed so far. */
    bytes = new Map();
    /** Unions computed (base digest, records), so none is computed twice. */
    tried = new Set();
    constructor(source, records, options) {
        this.source = source;
        this.records = records;
        this.options = options;
    }
    /**
     * The index with this digest, if it is a union of records this job holds; else
     * undefined (read it). `answeredAt` (monotonicMs()): when the registry named the
     * digest; its writer listed its records before that.
     */
    async find(digest, query, bases, answeredAt = Infinity) {
        const held = await this.records.latest();
        if (await this.search(digest, query, held.records, bases))
            return this.parsed(digest);
        // A listing asked for after the answer holds every record its writer can have listed; an older one may not.
        if (held.startedAt >= answeredAt)
            return undefined;
        const fresh = await this.records.fresh();
        const more = fresh.records.length > held.records.length;
        return more && (await this.search(digest, query, fresh.records, bases)) ? this.parsed(digest) : undefined;
    }
    parsed(digest) {
        return JSON.parse(this.bytes.get(digest).toString('utf8'));
    }
    async search(digest, query, records, bases) {
        if (this.bytes.has(digest))
            return true;
        const mine = records.filter((r) => r.tags.includes(query.ref)).sort(byTime);
        // A base that is itself a union of the run's records gives nothing new.
        const on = [undefined, ...bases.filter((b) => !this.bytes.has(b.digest))];
        for (const set of candidateSets(mine)) {
            for (const base of on) {
                const key = `${base?.digest ?? '-'} ${set.map(recordKey).join(' ')}`;
                if (this.tried.has(key))
                    continue;
                this.tried.add(key);
                // A build that cannot be read now (verify reads each) makes no union: the tag's own read says why.
                const run = await this.source.unionOf(query, set).catch(() => undefined);
                if (!run)
                    continue;
                const index = upsertIndex(base?.index, run.builds, {
                    annotations: this.options.annotations,
                    runDigests: run.runDigests,
                    now: this.options.now(),
                }).index;
                const bytes = serializeIndex(index);
                this.bytes.set((0,oci_digest/* sha256Digest */.s)(bytes), bytes);
            }
            if (this.bytes.has(digest))
                return true;
        }
        return false;
    }
}
/**
 * The record sets a job of the run may have written, likeliest first: all of them (a
 * converged tag, a re-run), then the ones saved first (an earlier listing), then, for
 * few records, every other set (records saved in another order than their times).
 */
function* candidateSets(records) {
    const n = records.length;
    for (let k = n; k >= 1; k--)
        yield records.slice(0, k);
    if (n > MAX_RECORDS_ENUMERATED)
        return;
    for (let mask = 1; mask < 2 ** n; mask++) {
        if ((mask & (mask + 1)) === 0)
            continue; // 2^k - 1: a first-k set, yielded above
        yield records.filter((_, i) => (mask & (1 << i)) !== 0);
    }
}
function recordKey(r) {
    return `${r.digest}/${r.runAttempt}/${r.createdAt}`;
}
function byTime(a, b) {
    const [x, y] = [recordKey(a), recordKey(b)];
    return Date.parse(a.createdAt) - Date.parse(b.createdAt) || (x < y ? -1 : x > y ? 1 : 0);
}

;// CONCATENATED MODULE: ./src/registry/challenge.ts
/**
 * `WWW-Authenticate` parsing (RFC 7235): one header may carry several challenges
 * (`Negotiate, Bearer realm="…",service="…"`), each a scheme and its auth-params (or a
 * token68). We speak Bearer and Basic, and prefer Bearer when both are offered.
 */
/** The Bearer challenge in the header, else the Basic one, else undefined. */
function parseChallenge(header) {
    if (!header)
        return undefined;
    const challenges = parseChallenges(header);
    const chosen = challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
    if (!chosen)
        return undefined;
    const { realm, service } = chosen.params;
    return {
        scheme: chosen.scheme,
        ...(realm !== undefined && { realm }),
        ...(service !== undefined && { service }),
    };
}
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;
const QUOTED = /^"((?:[^"\\]|\\.)*)"/;
/** Every challenge, in order: a token not followed by `=` starts one; `name=value` pairs belong to the last. */
function parseChallenges(header) {
    const challenges = [];
    let rest = header;
    while (rest.length > 0) {
        rest = rest.replace(/^[\s,]+/, '');
        const token = TOKEN.exec(rest)?.[0];
        if (!token)
            break;
        rest = rest.slice(token.length);
        const afterSpaces = rest.replace(/^\s+/, '');
        if (afterSpaces.startsWith('=') && challenges.length > 0 && !/^=+\s*(,|$)/.test(afterSpaces)) {
            rest = afterSpaces.slice(1).replace(/^\s+/, '');
            const quoted = QUOTED.exec(rest);
            const value = quoted ? quoted[1].replace(/\\(.)/g, '$1') : (/^[^\s,]*/.exec(rest)?.[0] ?? '');
            rest = rest.slice(quoted ? quoted[0].length : value.length);
            challenges[challenges.length - 1].params[token.toLowerCase()] = value;
        }
        else if (afterSpaces.startsWith('=')) {
            rest = afterSpaces.replace(/^=+/, ''); // a token68's padding
        }
        else {
            challenges.push({ scheme: token.toLowerCase(), params: {} });
        }
    }
    return challenges;
}

// EXTERNAL MODULE: ./src/common/fs.ts
var fs = __webpack_require__(49150);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/registry/credentials.ts
/**
 * Credentials from the docker config, as `docker login` and docker/login-action leave
 * them: `$DOCKER_CONFIG/config.json` (else `~/.docker/config.json`) with `auths`
 * entries, per-host `credHelpers` and a default `credsStore`.
 */





/** The key docker uses for Docker Hub in `auths` and with credential helpers. */
const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/';
async function loadDockerConfig(env) {
    const dir = env.DOCKER_CONFIG || external_node_path_default().join(env.HOME || (0,external_node_os_.homedir)(), '.docker');
    const file = external_node_path_default().join(dir, 'config.json');
    let text;
    try {
        text = await (0,fs/* readFile */.TA)(file, 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return {};
        throw new Error(`cannot read the docker config ${file}: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    try {
        return JSON.parse(text);
    }
    catch (error) {
        throw new Error(`the docker config ${file} is not valid JSON: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
}
/** `https://ghcr.io/v2/` → `ghcr.io`; Docker Hub's aliases → `docker.io`. */
function hostOfKey(key) {
    const host = key
        .replace(/^[a-z]+:\/\//i, '')
        .split('/')[0]
        .toLowerCase();
    return ['index.docker.io', 'registry-1.docker.io', 'docker.io'].includes(host) ? oci_reference/* DOCKER_HUB */.Xb : host;
}
function helperKey(registry) {
    return registry === oci_reference/* DOCKER_HUB */.Xb ? DOCKER_HUB_AUTH_KEY : registry;
}
/**
 * Credentials for a registry (as named in refs: `docker.io`, `ghcr.io`), or undefined
 * for anonymous access. Order: a per-host credential helper, an `auths` entry, the
 * default credential store.
 */
async function credentialsFor(registry, config, exec) {
    const helper = Object.entries(config.credHelpers ?? {}).find(([key]) => hostOfKey(key) === registry)?.[1];
    if (helper)
        return fromHelper(helper, registry, exec);
    const entry = Object.entries(config.auths ?? {}).find(([key]) => hostOfKey(key) === registry)?.[1];
    const fromFile = entry && fromAuthEntry(entry, registry);
    if (fromFile)
        return fromFile;
    if (config.credsStore)
        return fromHelper(config.credsStore, registry, exec);
    return undefined;
}
function fromAuthEntry(entry, registry) {
    if (entry.registrytoken)
        return { registryToken: entry.registrytoken };
    let { username, password } = entry;
    if (entry.auth) {
        const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon < 0)
            throw new Error(`the docker config entry for ${registry} has a malformed 'auth' value`);
        username = decoded.slice(0, colon);
        password = decoded.slice(colon + 1);
    }
    if (entry.identitytoken)
        return { username, identityToken: entry.identitytoken };
    if (username || password)
        return { username, password };
    return undefined;
}
/** `docker-credential-<name> get`, the server URL on stdin, JSON `{Username, Secret}` on stdout. */
async function fromHelper(name, registry, exec) {
    const program = `docker-credential-${name}`;
    let result;
    try {
        result = await exec(program, ['get'], { input: helperKey(registry) });
    }
    catch (error) {
        throw new Error(`credential helper '${program}' for ${registry} could not be run: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    const output = (result.stdout || result.stderr).trim();
    if (result.exitCode !== 0) {
        if (/credentials not found/i.test(output))
            return undefined;
        throw new Error(`credential helper '${program}' failed for ${registry} (exit ${result.exitCode})`);
    }
    let parsed;
    try {
        parsed = JSON.parse(result.stdout);
    }
    catch {
        throw new Error(`credential helper '${program}' printed no JSON for ${registry}`);
    }
    if (!parsed.Secret)
        return undefined;
    // Docker's convention: the user name `<token>` marks an identity (refresh) token.
    if (parsed.Username === '<token>')
        return { identityToken: parsed.Secret };
    return { username: parsed.Username, password: parsed.Secret };
}
/** Every secret in a credential, for masking and for blanking from messages (secrets.ts). */
function secretsOf(credentials) {
    if (!credentials)
        return [];
    const { password, identityToken, registryToken, username } = credentials;
    // The Basic values sent: with the password, or with the identity token (a token GET).
    const basic = [password, identityToken].flatMap((s) => username !== undefined && s ? [encodeBasic(username, s)] : []);
    return [password, identityToken, registryToken, ...basic].filter((s) => !!s);
}
/** base64(`user:password`): the one encoder of Basic credentials (the header, and its masking). */
function encodeBasic(username, password) {
    return Buffer.from(`${username}:${password}`).toString('base64');
}

// EXTERNAL MODULE: ./src/registry/retry.ts
var retry = __webpack_require__(41521);
// EXTERNAL MODULE: ./src/registry/http.ts
var http = __webpack_require__(58851);
;// CONCATENATED MODULE: ./src/registry/network-errors.ts
/**
 * What a failed exchange says of the host: a certificate to name, a TLS handshake met by
 * plain HTTP, plain HTTP met by something that is no HTTP server. Decided by error code,
 * never by message text.
 */
const CERTIFICATE_ERRORS = new Set([
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'CERT_HAS_EXPIRED',
    'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const CERTIFICATE_HINT = " (a private CA: point NODE_EXTRA_CA_CERTS at its certificate; or list the registry in 'insecure-registries' to skip the check)";
/** Names the request; keeps the code, which decides whether it is retried or falls back to HTTP. */
function namedNetworkError(error, what) {
    const hint = CERTIFICATE_ERRORS.has(error.code ?? '') ? CERTIFICATE_HINT : '';
    return Object.assign(new Error(`${what}: ${error.message}${hint}`), { code: error.code });
}
/** The TLS handshake met something else: a plain-HTTP server answers it with an HTTP 400. */
function isTlsRefusal(error) {
    const code = error?.code ?? '';
    return code === 'EPROTO' || code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG';
}
/** Plain HTTP met something that is no HTTP server: a reset before any answer, or bytes no HTTP parser takes. */
function answersNoHttp(error) {
    const { code = '' } = error;
    return code === 'ECONNRESET' || code.startsWith('HPE_');
}
/** The TLS handshake met plain HTTP, or a host without a port refused 443: it speaks no TLS. */
function speaksNoTls(error, registry) {
    const refusedWithoutPort = error.code === 'ECONNREFUSED' && !/:\d+$/.test(registry);
    return isTlsRefusal(error) || refusedWithoutPort;
}

;// CONCATENATED MODULE: ./src/registry/transport.ts
/**
 * The bottom layer: HTTP to one registry host. It decides the scheme (an insecure
 * registry that does not speak TLS is plain HTTP from then on; loopback on a port of its
 * own is plain HTTP unless it shows it serves TLS), picks the connection
 * (certificate checks are skipped only for an insecure registry's own host), follows
 * redirects without forwarding credentials to another origin, and counts requests.
 * It knows nothing of auth, retries or OCI.
 */





const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
class Transport {
    options;
    stats = { byMethod: {}, tokens: 0 };
    /** `https://host`, or `http://host` once an insecure registry turned out not to speak TLS. */
    origin;
    /**
     * Settled once an insecure registry's first request told whether it speaks TLS: the
     * requests sent meanwhile wait for it instead of each trying a handshake of its own.
     */
    schemeKnown;
    /** Plain-first: the TLS handshake that decides an answer a TLS server would give (see `servesTls`). */
    tlsProbe;
    /** Plain-first: an answer in plain HTTP other than a 400, or one the probe then confirmed, showed the host is plain HTTP. */
    plainSettled = false;
    constructor(options) {
        this.options = options;
        this.origin = `${options.plainFirst ? 'http' : 'https'}://${options.host}`;
    }
    /** A path (or a registry-given Location) against the registry's origin. */
    url(pathOrLocation) {
        return new URL(pathOrLocation, this.origin);
    }
    /**
     * One request, following redirects itself: credentials never go to another origin
     * (object storage). An insecure registry is asked over TLS first; when nothing there
     * speaks TLS (the handshake met plain HTTP, or a port-less host refused 443) it is
     * plain HTTP from then on, for this request and every later one. Any other failure
     * is thrown as it is (and retried by the caller): falling back on a reset would send
     * plain HTTP to a TLS registry. Requests sent while the first one finds out wait for
     * it: one refused handshake per registry, not one per request.
     */
    async fetch(outgoing) {
        if (this.options.plainFirst)
            return this.fetchPlainFirst(this.onOrigin(outgoing));
        const unsure = this.options.insecure && this.origin.startsWith('https:');
        if (!unsure || outgoing.url.origin !== this.origin)
            return this.fetchOnce(outgoing);
        if (this.schemeKnown) {
            await this.schemeKnown;
            const { url } = outgoing;
            return this.fetchOnce({ ...outgoing, url: new URL(url.pathname + url.search, this.origin) });
        }
        let known;
        this.schemeKnown = new Promise((resolve) => (known = resolve));
        return this.fetchOnce(outgoing, known).finally(known);
    }
    /**
     * Loopback in plain HTTP; no request waits for another (a plain answer takes a whole
     * round trip to arrive). A TLS-only server answers plain HTTP with a 400 (Go's, as
     * docker-registry; nginx) or with no HTTP at all (a reset, a TLS alert): then one TLS
     * handshake, shared by every request that met such an answer, decides. Only a handshake
     * that completes makes the registry TLS from then on; otherwise the answer stands.
     */
    async fetchPlainFirst(outgoing) {
        if (this.plainSettled || this.origin.startsWith('https:'))
            return this.fetchOnce(outgoing);
        let answer;
        try {
            answer = await this.follow(outgoing);
        }
        catch (error) {
            if (!answersNoHttp(error) || !(await this.servesTls()))
                throw error;
            return this.resentOverTls(outgoing);
        }
        if (answer.statusCode !== 400 || !(await this.servesTls())) {
            this.plainSettled = true;
            return answer;
        }
        await (0,http/* discard */.vf)(answer);
        return this.resentOverTls(outgoing);
    }
    /**
     * Whether the host serves TLS, once the plain answers leave it open: `GET /v2/` over
     * unchecked TLS, on the port that gave them, within a connection's bound. An answer says
     * yes (TLS from then on), a handshake refused as plain HTTP says no; both are kept.
     * Anything else (a drop, a stall) says nothing: the request fails retryably, and its
     * retry asks again.
     */
    async servesTls() {
        if (this.plainSettled)
            return false;
        const probe = (this.tlsProbe ??= this.probeTls());
        try {
            return await probe;
        }
        catch (error) {
            if (this.tlsProbe === probe)
                this.tlsProbe = undefined;
            throw new retry/* RetryableError */.dw(`${this.options.registry}: could not tell whether it serves TLS: ${(0,errors/* errorMessage */.gJ)(error)}`);
        }
    }
    probeTls() {
        const url = new URL('/v2/', `https://${this.options.host}`);
        const signal = AbortSignal.timeout(this.options.connections.bounds.connectMs);
        return this.exchange(url, { method: 'GET', headers: {}, signal }).then(async (res) => {
            this.count('GET');
            await (0,http/* discard */.vf)(res);
            // A plain answer that arrived meanwhile has settled it (a port cannot serve both).
            if (this.plainSettled)
                return false;
            this.options.log.debug(`${this.options.registry} answers plain HTTP as a TLS server does: using TLS`);
            this.origin = `https://${this.options.host}`;
            return true;
        }, (error) => {
            if (!isTlsRefusal(error))
                throw error;
            return false;
        });
    }
    resentOverTls(outgoing) {
        const { method, url, body } = outgoing;
        const tls = this.onOrigin(outgoing);
        // A stream body may have been read: the caller's retry opens it afresh, now over TLS.
        if (body !== undefined && !Buffer.isBuffer(body)) {
            throw new retry/* RetryableError */.dw(`${method} ${url.host}${url.pathname}: switching to TLS`);
        }
        return this.fetchOnce(tls);
    }
    /** A request built on the registry's origin before its scheme changed, moved to the current one. */
    onOrigin(outgoing) {
        const { url } = outgoing;
        if (url.host !== this.options.host)
            return outgoing;
        return { ...outgoing, url: new URL(url.pathname + url.search, this.origin) };
    }
    /** `schemeKnown`: called as soon as the scheme is known (a refused handshake), before the request is sent again. */
    async fetchOnce(outgoing, schemeKnown) {
        const { method, url, body } = outgoing;
        const overTls = url.origin === `https://${this.options.host}`;
        try {
            return await this.follow(outgoing);
        }
        catch (error) {
            // A plain-first host is TLS only once it completed a handshake: it never falls back from there.
            if (!overTls || !this.options.insecure || this.options.plainFirst || !speaksNoTls(error, this.options.registry))
                throw error;
            if (this.origin.startsWith('https:')) {
                this.options.log.debug(`${this.options.registry} does not speak TLS (${(0,errors/* errorMessage */.gJ)(error)}): using plain HTTP`);
                this.origin = `http://${this.options.host}`;
            }
            schemeKnown?.();
            const plain = new URL(url.pathname + url.search, this.origin);
            // A stream body may have been read: the caller's retry opens it afresh, now over HTTP.
            if (body !== undefined && !Buffer.isBuffer(body)) {
                throw new retry/* RetryableError */.dw(`${method} ${plain.host}${plain.pathname}: switching to plain HTTP`);
            }
            return this.follow({ ...outgoing, url: plain });
        }
    }
    async follow({ method, url, headers, body, signal }) {
        for (let hop = 0;; hop++) {
            const res = await this.exchange(url, { method, headers, body, signal }).catch((error) => {
                if (!isTlsRefusal(error))
                    this.count(method);
                throw namedNetworkError(error, `${method} ${url.host}${url.pathname}`);
            });
            this.count(method);
            const location = header(res, 'location');
            const redirect = REDIRECTS.has(res.statusCode) && location;
            if (!redirect || (method !== 'GET' && method !== 'HEAD'))
                return res;
            if (hop >= MAX_REDIRECTS)
                throw new Error(`${method} ${url.pathname}: too many redirects`);
            await (0,http/* discard */.vf)(res);
            const next = new URL(location, url);
            if (next.origin !== url.origin)
                headers = withoutCredentials(headers);
            url = next;
        }
    }
    /**
     * A request to another service (a token realm): no redirects, counted as a token fetch
     * by the caller; a connection failure is named `name`.
     */
    direct(url, { name, ...request }) {
        return this.exchange(url, request).catch((error) => {
            throw namedNetworkError(error, name);
        });
    }
    /** Certificate checks are skipped only where the user allowed it: never for a redirect or realm elsewhere. */
    async exchange(url, request) {
        const host = this.options.host;
        const ownHost = url.host === host || `${url.hostname}:${url.protocol === 'https:' ? 443 : 80}` === host;
        const verify = !(this.options.insecure && ownHost);
        return (0,http/* exchange */.cv)(url, { ...request, route: await this.options.connections.route(url, verify) });
    }
    count(method) {
        this.stats.byMethod[method] = (this.stats.byMethod[method] ?? 0) + 1;
    }
}
function header(res, name) {
    const value = res.headers[name];
    return Array.isArray(value) ? value[0] : value;
}
function contentType(res) {
    return (header(res, 'content-type') ?? '').split(';')[0].trim();
}
function mediaTypeOf(bytes) {
    try {
        return JSON.parse(bytes.toString('utf8')).mediaType ?? '';
    }
    catch {
        return '';
    }
}
function withoutCredentials(headers) {
    return Object.fromEntries(Object.entries(headers).filter(([k]) => !['authorization', 'cookie'].includes(k.toLowerCase())));
}

;// CONCATENATED MODULE: ./src/registry/auth.ts






const TOKEN_LIFETIME_FALLBACK_S = 60;
const MAX_TOKEN_ANSWER_BYTES = 1024 * 1024;
function basicAuthorization(username, password) {
    return `Basic ${encodeBasic(username, password)}`;
}
class Authenticator {
    transport;
    options;
    challenge;
    tokens = new Map();
    constructor(transport, options) {
        this.transport = transport;
        this.options = options;
    }
    /**
     * The `Authorization` header for a request needing `scopes`; `renew` skips cached
     * tokens. Every failure is an AuthError: the request was not sent.
     */
    async authorization(scopes, renew = false) {
        try {
            return await this.authorize(scopes, renew);
        }
        catch (error) {
            if (error instanceof AuthError)
                throw error;
            // Retries spent: the last attempt's failure is the cause (its kind: a timeout, a refusal).
            throw new AuthError((0,errors/* errorMessage */.gJ)(error), { cause: error instanceof retry/* RetriesSpentError */.$6 ? error.cause : error });
        }
    }
    async authorize(scopes, renew) {
        const challenge = this.challenge;
        if (!challenge)
            return undefined;
        const credentials = this.options.credentials;
        if (challenge.scheme === 'basic') {
            if (!credentials?.username || credentials.password === undefined)
                return undefined;
            return basicAuthorization(credentials.username, credentials.password);
        }
        if (credentials?.registryToken)
            return `Bearer ${credentials.registryToken}`;
        return `Bearer ${await this.token(challenge, scopes, renew)}`;
    }
    /**
     * A 401's challenge becomes the one known: there is no separate `GET /v2/` ping, the
     * first request learns it (a registry that needs no auth never asks). True when usable.
     */
    learnFrom(res) {
        const challenge = parseChallenge(header(res, 'www-authenticate'));
        if (challenge)
            this.challenge = challenge;
        return challenge !== undefined;
    }
    async token(challenge, scopes, renew) {
        const key = [...scopes].sort().join(' ');
        const cached = this.tokens.get(key);
        if (cached && !renew) {
            const { token, expiresAt } = await cached;
            if (expiresAt > this.options.clock.now())
                return token;
        }
        const fetching = this.fetchToken(challenge, scopes);
        this.tokens.set(key, fetching);
        fetching.catch(() => this.tokens.delete(key));
        return (await fetching).token;
    }
    async fetchToken(challenge, scopes) {
        const { registry, clock } = this.options;
        if (!challenge.realm) {
            throw new RegistryError(`GET ${registry}/v2/`, 401, [], undefined, 'bearer challenge without a realm');
        }
        // A realm may be relative to the registry (some self-hosted registries send `/token`).
        const realm = this.transport.url(challenge.realm);
        const server = tokenServer(realm);
        this.refuseClearTextRealm(realm);
        const { res, text } = await (0,retry/* withRetry */.bD)(() => this.boundedTokenRequest(realm, challenge, scopes, server), this.options.retry, clock);
        const request = `${server} (for ${registry})`;
        if (res.statusCode !== 200) {
            const said = this.options.secrets.redact(text);
            throw RegistryError.fromBody(`${request} refused the token (HTTP ${res.statusCode})`, res.statusCode, said);
        }
        let parsed;
        try {
            parsed = JSON.parse(text);
        }
        catch {
            throw new RegistryError(request, res.statusCode, [], undefined, 'answered no JSON');
        }
        const token = parsed.token || parsed.access_token;
        if (!token)
            throw new RegistryError(request, res.statusCode, [], undefined, 'answered no token');
        this.options.log.setSecret(token);
        this.options.secrets.add(token);
        const lifetime = (parsed.expires_in || TOKEN_LIFETIME_FALLBACK_S) * 1000;
        // Renew a little early, so a token does not expire between our check and the registry's.
        return { token, expiresAt: clock.now() + lifetime * 0.9 };
    }
    /**
     * Credentials travel no less safely than to the registry itself: a realm on plain HTTP
     * gets them only when the registry is an allowed insecure host and the realm is on
     * that same host (any port). A challenge is the registry's (or a man in the middle's)
     * to set.
     */
    refuseClearTextRealm(realm) {
        const { credentials, insecure, host, registry } = this.options;
        const hasCredentials = credentials && Object.values(credentials).some((v) => v !== undefined && v !== '');
        if (!hasCredentials || realm.protocol === 'https:')
            return;
        // The same host, any port: a self-hosted token service beside its registry (docker_auth on :5001).
        if (insecure && realm.hostname === new URL(`http://${host}`).hostname)
            return;
        throw new InsecureRealmError(registry, `${realm.origin}${realm.pathname}`);
    }
    /** One try, answer included, bounded as a whole like every registry request. */
    async boundedTokenRequest(realm, challenge, scopes, server) {
        const signal = AbortSignal.timeout(this.options.requestTimeoutMs);
        try {
            const res = await this.requestToken(realm, challenge, scopes, server, signal);
            const text = (await (0,http/* readLimited */.tk)(res, MAX_TOKEN_ANSWER_BYTES, `${server}'s answer`)).toString('utf8');
            return { res, text };
        }
        catch (error) {
            if (!signal.aborted)
                throw error;
            const seconds = this.options.requestTimeoutMs / 1000;
            throw new AttemptTimeoutError(`${server}: no complete answer within ${seconds} s (the bound on one attempt)`);
        }
    }
    /**
     * One try: the OAuth2 refresh-token POST for an identity token (falling back to GET
     * when the server answers 404, as the token spec allows), else GET with Basic.
     */
    async requestToken(realm, challenge, scopes, server, signal) {
        this.transport.stats.tokens++;
        const { credentials } = this.options;
        let res = credentials?.identityToken
            ? await this.postTokenRequest(realm, challenge, scopes, credentials.identityToken, signal)
            : await this.getTokenRequest(realm, challenge, scopes, signal);
        if (res.statusCode === 404 && credentials?.identityToken) {
            await (0,http/* discard */.vf)(res);
            this.options.log.debug(`${server} has no OAuth2 POST endpoint (404): asking with GET`);
            res = await this.getTokenRequest(realm, challenge, scopes, signal);
        }
        if (isTemporaryStatus(res.statusCode)) {
            await (0,http/* discard */.vf)(res);
            throw new retry/* RetryableError */.dw(`${server}: HTTP ${res.statusCode}`);
        }
        return res;
    }
    getTokenRequest(realm, challenge, scopes, signal) {
        const url = new URL(realm);
        if (challenge.service)
            url.searchParams.set('service', challenge.service);
        for (const scope of scopes)
            url.searchParams.append('scope', scope);
        const { username, password, identityToken } = this.options.credentials ?? {};
        const secret = password ?? identityToken;
        const headers = username !== undefined && secret !== undefined ? { authorization: basicAuthorization(username, secret) } : {};
        return this.transport.direct(url, { method: 'GET', headers, signal, name: tokenServer(realm) });
    }
    /** OAuth2 refresh-token grant, as docker does with an identity token. */
    postTokenRequest(realm, challenge, scopes, refreshToken, signal) {
        const form = new URLSearchParams({
            grant_type: 'refresh_token',
            refresh_token: refreshToken,
            client_id: 'bake-fanout',
            service: challenge.service ?? '',
            scope: scopes.join(' '),
        });
        return this.transport.direct(realm, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: form.toString(),
            signal,
            name: tokenServer(realm),
        });
    }
}
/** How a token service is named in errors: a down one reads as its own failure, not the registry's. */
function tokenServer(realm) {
    return `the token server ${realm.origin}${realm.pathname}`;
}
/** A token realm on plain HTTP elsewhere than an allowed insecure registry's own host: no credentials go there. */
class InsecureRealmError extends AuthError {
    registry;
    realm;
    name = 'InsecureRealmError';
    constructor(registry, realm) {
        super(`${registry} sends its token requests to ${realm}, over plain HTTP: credentials are not sent in clear text ` +
            "(only an allowed insecure registry's own host may take them over HTTP; see 'insecure-registries')");
        this.registry = registry;
        this.realm = realm;
    }
}

;// CONCATENATED MODULE: ./src/registry/blobs.ts




const MAX_CONFIG_BYTES = 16 * 1024 * 1024;
/** Mount refusals that mean "not here, upload it" rather than a failure. */
const MOUNT_REFUSALS = new Set([401, 403, 404]);
class Blobs {
    r;
    o;
    constructor(r, o) {
        this.r = r;
        this.o = o;
    }
    /** False when the registry says it lacks the blob, or will not say (403): then it is copied. */
    async has(repository, digest) {
        const res = await this.r.send({ ...this.blobRequest('HEAD', repository, digest), accept: [403, 404] }, http/* drained */.oB);
        return res.statusCode !== 404 && res.statusCode !== 403;
    }
    /** Cross-repository mount within this registry. */
    async mount(repository, digest, from) {
        this.r.willPush(repository);
        const query = `mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(from)}`;
        try {
            const res = await this.r.send({
                method: 'POST',
                path: `/v2/${repository}/blobs/uploads/?${query}`,
                scopes: [this.r.scope(repository), `repository:${from}:pull`],
            }, http/* drained */.oB);
            if (res.statusCode === 201)
                return { mounted: true };
            const session = header(res, 'location');
            return session ? { mounted: false, session } : { mounted: false };
        }
        catch (error) {
            if (error instanceof RegistryError && MOUNT_REFUSALS.has(error.status)) {
                this.o.log.debug(`${this.r.registry}/${repository}: mount refused (${error.message}): uploading instead`);
                return { mounted: false };
            }
            throw error;
        }
    }
    /**
     * Uploads a blob: monolithic (POST a session, PUT the bytes with the digest) unless it
     * is larger than a chunk or the registry refuses it whole (413); then chunked. `open`
     * is called again on a retry, so a stream starts afresh. `session` is an upload a
     * mount already opened (used for the first try only).
     */
    async upload(repository, digest, size, open, session) {
        this.r.willPush(repository);
        let offered = session;
        let chunked = size > this.o.chunkSize;
        await (0,retry/* withRetry */.bD)(async () => {
            const location = offered ?? (await this.start(repository));
            offered = undefined;
            if (chunked)
                return this.putChunked(repository, location, digest, await open());
            try {
                await this.putWhole(repository, location, digest, size, open);
            }
            catch (error) {
                if (!(error instanceof RegistryError) || error.status !== 413)
                    throw error;
                this.o.log.debug(`${this.r.registry}/${repository}: a ${size}-byte upload was refused whole (413): chunked`);
                chunked = true;
                await this.putChunked(repository, await this.start(repository), digest, await open());
            }
        }, this.o.retry, this.o.clock);
    }
    /** A small blob (an image config, a signature bundle), digest-checked, at most `maxBytes`. */
    async get(repository, digest, maxBytes = MAX_CONFIG_BYTES) {
        const where = `${this.r.registry}/${repository}@${digest}`;
        return this.r.send(this.blobRequest('GET', repository, digest), async (res) => {
            const bytes = await (0,http/* readLimited */.tk)(res, maxBytes, `blob ${where}`);
            if ((0,oci_digest/* sha256Digest */.s)(bytes) !== digest)
                throw new ContentDigestError(`${where}: blob content does not match its digest`);
            return bytes;
        });
    }
    /** A blob as a stream, for copying between registries (bounded by the transfer bound). */
    async open(repository, digest) {
        const request = { ...this.blobRequest('GET', repository, digest), timeoutMs: this.o.transferTimeoutMs };
        return this.r.send(request, async (res) => res.body);
    }
    blobRequest(method, repository, digest) {
        return { method, path: `/v2/${repository}/blobs/${digest}`, scopes: [this.r.scope(repository)] };
    }
    /** POST a new upload session; its Location. */
    async start(repository) {
        const res = await this.r.send({ method: 'POST', path: `/v2/${repository}/blobs/uploads/`, scopes: [this.r.scope(repository)] }, http/* drained */.oB);
        const location = header(res, 'location');
        if (!location)
            throw new Error(`${this.r.registry}/${repository}: upload started without a Location`);
        return location;
    }
    async putWhole(repository, location, digest, size, open) {
        await this.r.send({
            method: 'PUT',
            path: this.withDigest(location, digest),
            scopes: [this.r.scope(repository)],
            headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
            body: open,
            timeoutMs: this.o.transferTimeoutMs,
        }, http/* drained */.oB);
    }
    /** PATCH each chunk at its offset (the registry answers the next Location), then PUT the digest. */
    async putChunked(repository, location, digest, body) {
        let offset = 0;
        for await (const chunk of chunksOf(body, this.o.chunkSize)) {
            const res = await this.r.send({
                method: 'PATCH',
                path: pathOf(this.r.url(location)),
                scopes: [this.r.scope(repository)],
                headers: {
                    'content-type': 'application/octet-stream',
                    'content-length': String(chunk.length),
                    'content-range': `${offset}-${offset + chunk.length - 1}`,
                },
                body: () => chunk,
                timeoutMs: this.o.transferTimeoutMs,
            }, http/* drained */.oB);
            location = header(res, 'location') ?? location;
            offset += chunk.length;
        }
        await this.r.send({
            method: 'PUT',
            path: this.withDigest(location, digest),
            scopes: [this.r.scope(repository)],
            headers: { 'content-length': '0' },
        }, http/* drained */.oB);
    }
    /** The session's Location (already carrying a query string) plus `digest`. */
    withDigest(location, digest) {
        const url = this.r.url(location);
        url.searchParams.set('digest', digest);
        return pathOf(url);
    }
}
function pathOf(url) {
    return url.pathname + url.search;
}
/** Splits a body into chunks of `size` bytes (the last may be shorter), holding one at a time. */
async function* chunksOf(body, size) {
    if (Buffer.isBuffer(body)) {
        for (let start = 0; start < body.length; start += size)
            yield body.subarray(start, start + size);
        return;
    }
    let pending = [];
    let length = 0;
    for await (const piece of body) {
        pending.push(piece);
        length += piece.length;
        while (length >= size) {
            const all = Buffer.concat(pending);
            yield all.subarray(0, size);
            pending = [all.subarray(size)];
            length -= size;
        }
    }
    if (length > 0)
        yield Buffer.concat(pending);
}

;// CONCATENATED MODULE: ./src/registry/secrets.ts
/**
 * The credentials and tokens a client holds, blanked from every message it builds from
 * a registry's answer: a registry (or proxy) may echo a request's Authorization in its
 * error body, and outside Actions nothing masks what the CLI prints.
 */
const BLANK = '***';
class Secrets {
    forms = new Set();
    constructor(values = []) {
        for (const value of values)
            this.add(value);
    }
    /**
     * A secret, as written, as a JSON string carries it (an error body is JSON), and as a
     * form or query carries it (a token server may echo the refresh-token form).
     */
    add(value) {
        if (!value)
            return;
        this.forms.add(value);
        this.forms.add(JSON.stringify(value).slice(1, -1));
        this.forms.add(encodeURIComponent(value));
        this.forms.add(new URLSearchParams({ v: value }).toString().slice(2));
    }
    /** `text` with every form of every secret blanked, longest first (a token may contain a password). */
    redact(text) {
        const longestFirst = [...this.forms].sort((a, b) => b.length - a.length);
        return longestFirst.reduce((t, secret) => t.replaceAll(secret, BLANK), text);
    }
}

;// CONCATENATED MODULE: ./src/registry/manifests.ts
/**
 * Manifest operations on one registry, sent through its request interface (auth,
 * retries and bounds included): read by tag or digest (checked against the digest),
 * HEAD, and PUT with every ambiguous attempt reported.
 */






/** Also the bound on an error answer's body. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** Pages of a referrers listing followed, at most. */
const MAX_REFERRER_PAGES = 16;
class Manifests {
    r;
    constructor(r) {
        this.r = r;
    }
    /**
     * The manifest, checked against its digest: the one asked for, or the one the
     * registry names in Docker-Content-Digest (a mismatch is retried, then refused).
     */
    async get(repository, reference, accept = types/* MANIFEST_ACCEPT */.dY) {
        const where = manifests_location(this.r.registry, repository, reference);
        const request = this.request('GET', repository, reference, accept);
        return this.r.send({ ...request, accept: [404] }, async (res) => {
            if (res.statusCode === 404)
                return void (await (0,http/* discard */.vf)(res));
            const bytes = await (0,http/* readLimited */.tk)(res, MAX_MANIFEST_BYTES, `manifest ${where}`);
            const digest = (0,oci_digest/* sha256Digest */.s)(bytes);
            const expected = reference.includes(':') ? reference : header(res, 'docker-content-digest');
            if (expected && expected.startsWith('sha256:') && digest !== expected) {
                throw new retry/* RetryableError */.dw(`GET ${where}: the registry served content with digest ${digest}, not ${expected}`);
            }
            // The body's own mediaType, when it declares one, over the header: a proxy that labels an image as an
            // index must not make us write an image's fields into an index.
            return { bytes, digest, mediaType: mediaTypeOf(bytes) || contentType(res), size: bytes.length };
        });
    }
    async head(repository, reference) {
        const head = await this.r.send({ ...this.request('HEAD', repository, reference), accept: [404] }, http/* drained */.oB);
        if (head.statusCode === 404)
            return undefined;
        const digest = header(head, 'docker-content-digest');
        // A missing or malformed digest header (it goes into the next request's path): ask with GET.
        if (!(0,oci_reference/* isDigest */.Bc)(digest))
            return (await this.get(repository, reference)) ?? undefined;
        return { digest, mediaType: contentType(head), size: Number(header(head, 'content-length') ?? 0) };
    }
    /**
     * PUTs a manifest; returns its digest, that of the bytes written (a Docker-Content-Digest
     * that names another is a WrittenDigestError). `onAmbiguous` hears of every attempt whose
     * outcome is unknown (isAmbiguousFailure), with the time it was abandoned, whether a
     * retry then succeeds or not: the registry may still apply it.
     */
    async put(repository, reference, manifest, onAmbiguous) {
        return (await this.putAnswered(repository, reference, manifest, onAmbiguous)).digest;
    }
    /**
     * PUTs a manifest with a `subject`; `subjectProcessed` is the registry's `OCI-Subject`
     * answer: it lists the referrer itself, and no fallback tag is needed.
     */
    async putReferrer(repository, digest, manifest) {
        return this.putAnswered(repository, digest, manifest);
    }
    /**
     * The referrers of `digest` (OCI distribution 1.1), one index per page (a `Link: <…>;
     * rel="next"` header names the next, on the same registry; at most `maxPages`), or
     * undefined when the registry has no referrers API as go-containerregistry (cosign)
     * decides it: anything but a 200 whose Content-Type is exactly the OCI index type — a
     * 404 (distribution 2.8, GHCR, Docker Hub), 400/405/406 from servers that route the
     * path elsewhere, a 200 of another type.
     */
    async referrers(repository, digest, maxPages = MAX_REFERRER_PAGES) {
        const pages = [];
        let path = `/v2/${repository}/referrers/${digest}`;
        for (let page = 0; path && page < Math.min(maxPages, MAX_REFERRER_PAGES); page++) {
            const request = {
                method: 'GET',
                path,
                scopes: [this.r.scope(repository)],
                headers: { accept: types/* OCI_INDEX */.$p },
                accept: [400, 404, 405, 406],
            };
            const answer = await this.r.send(request, async (res) => {
                if (res.statusCode !== 200 || header(res, 'content-type') !== types/* OCI_INDEX */.$p)
                    return void (await (0,http/* discard */.vf)(res));
                const what = `referrers of ${manifests_location(this.r.registry, repository, digest)}`;
                return { bytes: await (0,http/* readLimited */.tk)(res, MAX_MANIFEST_BYTES, what), next: nextPage(header(res, 'link')) };
            });
            if (!answer)
                return page === 0 ? undefined : pages;
            pages.push(answer.bytes);
            path = answer.next && this.samePath(answer.next, repository);
        }
        return pages;
    }
    /** A next page's path, when it is this registry's referrers path for `repository` (a Link is foreign data). */
    samePath(link, repository) {
        const url = this.r.url(link);
        if (url.origin !== this.r.url('/').origin)
            return undefined;
        const path = url.pathname + url.search;
        return url.pathname.startsWith(`/v2/${repository}/referrers/`) ? path : undefined;
    }
    async putAnswered(repository, reference, manifest, onAmbiguous) {
        this.r.willPush(repository);
        const res = await this.r.send({
            method: 'PUT',
            path: `/v2/${repository}/manifests/${reference}`,
            scopes: [this.r.scope(repository)],
            headers: { 'content-type': manifest.mediaType },
            body: () => manifest.bytes,
        }, http/* drained */.oB, onAmbiguous);
        // The digest is the bytes we wrote: a registry (or proxy) that names other content has not stored ours.
        const digest = (0,oci_digest/* sha256Digest */.s)(manifest.bytes);
        const answered = header(res, 'docker-content-digest');
        if (answered !== undefined && answered !== digest)
            throw new WrittenDigestError(`PUT ${manifests_location(this.r.registry, repository, reference)}`, digest, answered);
        return { digest, subjectProcessed: header(res, 'oci-subject') !== undefined };
    }
    request(method, repository, reference, accept = types/* MANIFEST_ACCEPT */.dY) {
        return {
            method,
            path: `/v2/${repository}/manifests/${reference}`,
            scopes: [this.r.scope(repository)],
            headers: { accept: accept.join(', ') },
        };
    }
}
function manifests_location(registry, repository, reference) {
    return `${registry}/${repository}${reference.includes(':') ? '@' : ':'}${reference}`;
}
/** The `rel="next"` target of a Link header (RFC 8288), as the referrers API pages. */
function nextPage(link) {
    for (const part of (link ?? '').split(',')) {
        const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
        if (m && /\brel="?next"?/i.test(m[2]))
            return m[1];
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/registry/client.ts












const REQUEST_TIMEOUT_MS = 60_000;
const TRANSFER_TIMEOUT_MS = 30 * 60_000;
const CHUNK_SIZE = 16 * 1024 * 1024;
class RegistryClient {
    options;
    registry;
    blobs;
    manifests;
    transport;
    auth;
    clock;
    /** The credentials held, and each token fetched: blanked from every message built from an answer. */
    secrets;
    pushRepositories = new Set();
    constructor(options) {
        this.options = options;
        this.registry = options.registry;
        this.clock = options.clock ?? retry/* realClock */.dQ;
        this.secrets = new Secrets(secretsOf(options.credentials));
        this.transport = new Transport({
            registry: options.registry,
            host: (0,oci_reference/* apiHost */.nz)(options.registry),
            insecure: options.insecure,
            plainFirst: options.plainFirst,
            connections: options.connections,
            log: options.log,
        });
        this.auth = new Authenticator(this.transport, {
            registry: options.registry,
            host: (0,oci_reference/* apiHost */.nz)(options.registry),
            insecure: options.insecure,
            requestTimeoutMs: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
            credentials: options.credentials,
            retry: options.retry,
            clock: this.clock,
            log: options.log,
            secrets: this.secrets,
        });
        // The one request interface the manifest and blob operations both send through.
        const requests = {
            registry: options.registry,
            send: (req, read, onAmbiguous) => this.send(req, read, onAmbiguous),
            scope: (repository) => this.scope(repository),
            willPush: (repository) => this.willPush(repository),
            url: (location) => this.transport.url(location),
        };
        this.manifests = new Manifests(requests);
        this.blobs = new Blobs(requests, {
            retry: options.retry,
            clock: this.clock,
            log: options.log,
            transferTimeoutMs: options.transferTimeoutMs ?? TRANSFER_TIMEOUT_MS,
            chunkSize: options.chunkSize ?? CHUNK_SIZE,
        });
    }
    get stats() {
        return this.transport.stats;
    }
    /** Declares that we will write to `repository`, so one pull+push token serves reads and writes. */
    willPush(repository) {
        this.pushRepositories.add(repository);
    }
    /** A manifest, asked for with `accept` (default every type we read). */
    getManifest(repository, reference, accept) {
        return this.manifests.get(repository, reference, accept);
    }
    headManifest(repository, reference) {
        return this.manifests.head(repository, reference);
    }
    putManifest(repository, reference, manifest, onAmbiguous) {
        return this.manifests.put(repository, reference, manifest, onAmbiguous);
    }
    /** See Manifests.putReferrer. */
    putReferrer(repository, digest, manifest) {
        return this.manifests.putReferrer(repository, digest, manifest);
    }
    /** The referrers API's answer (an index per page, as bytes, at most `maxPages`), or undefined where it has none. */
    referrers(repository, digest, maxPages) {
        return this.manifests.referrers(repository, digest, maxPages);
    }
    scope(repository) {
        return `repository:${repository}:${this.pushRepositories.has(repository) ? 'pull,push' : 'pull'}`;
    }
    /**
     * One logical request: auth, one re-auth on 401, retries on 429/5xx/resets. `read`
     * consumes the answer within the attempt and its bound.
     */
    async send(req, read, onAmbiguous) {
        const timeoutMs = req.timeoutMs ?? this.options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
        const what = `${req.method} ${this.registry}${req.path.split('?')[0]}`;
        const attempt = async () => {
            const signal = AbortSignal.timeout(timeoutMs);
            try {
                const first = await this.sendAuthorized(req, false, signal);
                let res = first.res;
                if (res.statusCode === 401 && this.auth.learnFrom(res)) {
                    // The first request of a registry that wants auth, a token for other scopes, or
                    // an expired one: once more, with a fresh token only when ours was refused.
                    await (0,http/* discard */.vf)(res);
                    res = (await this.sendAuthorized(req, first.authorized, signal)).res;
                }
                const accepted = (res.statusCode >= 200 && res.statusCode < 300) || req.accept?.includes(res.statusCode);
                if (!accepted)
                    throw await this.failure(req, res);
                return await read(res).catch((error) => {
                    // A connection failing mid-body (a reset, a stall) is named like one before the headers.
                    throw (0,retry/* isRetryableNetworkError */.Hr)(error) ? namedNetworkError(error, what) : error;
                });
            }
            catch (error) {
                // A token request failed on its own bound or terms: it says so itself, not as the registry's timeout.
                if (!signal.aborted || error instanceof AuthError)
                    throw error;
                throw new AttemptTimeoutError(`${what}: no complete answer within ${timeoutMs / 1000} s (the bound on one attempt)`);
            }
        };
        const watched = async () => {
            try {
                return await attempt();
            }
            catch (error) {
                // A failed token request never sent the PUT (an AuthError is not ambiguous): nothing can land later.
                if (onAmbiguous && isAmbiguousFailure(error))
                    onAmbiguous(this.clock.now());
                throw error;
            }
        };
        return (0,retry/* withRetry */.bD)(watched, this.options.retry, this.clock);
    }
    async sendAuthorized(req, renewToken, signal) {
        const authorization = await this.auth.authorization(req.scopes, renewToken);
        const headers = { ...req.headers, ...(authorization && { authorization }) };
        const body = req.body ? await req.body() : undefined;
        const res = await this.transport.fetch({
            method: req.method,
            url: this.transport.url(req.path),
            headers,
            body,
            signal,
        });
        return { res, authorized: authorization !== undefined };
    }
    async failure(req, res) {
        // A HEAD answer has no body, but is read to its end all the same: that frees its connection.
        const text = req.method === 'HEAD' ? await (0,http/* discard */.vf)(res).then(() => '') : await readErrorBody(res);
        const request = `${req.method} ${this.registry}${req.path.split('?')[0]}`;
        const retryAfter = (0,retry/* parseRetryAfter */.mu)(header(res, 'retry-after'), this.clock.now());
        return RegistryError.fromBody(request, res.statusCode, this.secrets.redact(text), retryAfter);
    }
}
/** An error answer's text, for its codes and message; a body too large or cut short is read as none. */
async function readErrorBody(res) {
    return (await (0,http/* readLimited */.tk)(res, MAX_MANIFEST_BYTES, 'an error answer').catch(() => Buffer.alloc(0))).toString('utf8');
}

// EXTERNAL MODULE: ./src/registry/connections.ts
var connections = __webpack_require__(87414);
// EXTERNAL MODULE: ./src/registry/proxy-env.ts
var proxy_env = __webpack_require__(16073);
;// CONCATENATED MODULE: ./src/registry/pool.ts






/**
 * Loopback and the hosts the user listed (with or without port) may be spoken to
 * without certificate checks, or over plain HTTP: docker's insecure registries.
 */
function isInsecureRegistry(registry, allowed) {
    const host = hostOf(registry);
    return (0,oci_reference/* isLoopbackHost */.cW)(host) || allowed.includes(registry) || allowed.includes(host);
}
/**
 * Loopback on a port of its own (not 443), reached without a proxy, is asked in plain HTTP
 * first, as buildx asks it: nothing leaves the machine. A loopback name without a port means
 * 443, TLS first (containerd's rule too); a listed insecure host keeps docker's TLS first.
 */
function asksPlainFirst(registry, env) {
    const host = hostOf(registry);
    const port = registry.slice(host.length + 1);
    if (!(0,oci_reference/* isLoopbackHost */.cW)(host) || port === '' || port === '443')
        return false;
    return (0,proxy_env/* proxyFor */.i)(new URL(`http://${registry}`), env) === undefined;
}
function hostOf(registry) {
    return registry.startsWith('[') ? registry.slice(0, registry.indexOf(']') + 1) : registry.split(':')[0];
}
class RegistryPool {
    options;
    clients = new Map();
    connections;
    config;
    constructor(options) {
        this.options = options;
        this.connections = new connections/* Connections */.U(options.env, options.stalls);
    }
    client(registry) {
        let client = this.clients.get(registry);
        if (!client) {
            client = this.createClient(registry);
            this.clients.set(registry, client);
        }
        return client;
    }
    async createClient(registry) {
        this.config ??= loadDockerConfig(this.options.env);
        const credentials = await credentialsFor(registry, await this.config, this.options.exec);
        for (const secret of secretsOf(credentials))
            this.options.log.setSecret(secret);
        return new RegistryClient({
            registry,
            credentials,
            insecure: isInsecureRegistry(registry, this.options.insecureRegistries),
            plainFirst: asksPlainFirst(registry, this.options.env),
            connections: this.connections,
            retry: this.options.retry ?? retry/* DEFAULT_RETRY */.vI,
            log: this.options.log,
            clock: this.options.clock,
            ...this.options.limits,
        });
    }
    /** Requests made so far, over all registries. */
    async stats() {
        const total = { byMethod: {}, tokens: 0 };
        for (const client of await Promise.allSettled(this.clients.values())) {
            if (client.status !== 'fulfilled')
                continue;
            total.tokens += client.value.stats.tokens;
            for (const [method, n] of Object.entries(client.value.stats.byMethod)) {
                total.byMethod[method] = (total.byMethod[method] ?? 0) + n;
            }
        }
        return total;
    }
    /** Called when the mode's work is done: see Connections.destroy. */
    async close() {
        await this.connections.destroy();
    }
}

;// CONCATENATED MODULE: ./src/convergence/registries.ts

/** The registry clients a mode talks through. */
function openRegistries(insecureRegistries, deps) {
    return new RegistryPool({
        insecureRegistries,
        env: deps.env,
        exec: deps.exec,
        log: deps.log,
        retry: deps.retry,
        clock: deps.clock,
    });
}

;// CONCATENATED MODULE: ./src/convergence/orphan-horizon.ts
class OrphanHorizon {
    horizonMs;
    clock;
    latest;
    constructor(horizonMs, clock) {
        this.horizonMs = horizonMs;
        this.clock = clock;
    }
    /** An ambiguous attempt was abandoned at `abandonedAt`: returns when it counts as landed. */
    note(abandonedAt) {
        const until = abandonedAt + this.horizonMs;
        this.latest = Math.max(this.latest ?? until, until);
        return until;
    }
    /** The last horizon noted (epoch ms), if any attempt was ambiguous. */
    get until() {
        return this.latest;
    }
    /** Waits until the last horizon has passed; returns the time waited, in ms. */
    async waitOut() {
        const wait = this.latest === undefined ? 0 : this.latest - this.clock.now();
        if (wait <= 0)
            return 0;
        await this.clock.sleep(wait);
        return wait;
    }
}

// EXTERNAL MODULE: ./src/common/markdown.ts
var markdown = __webpack_require__(83932);
;// CONCATENATED MODULE: ./src/convergence/summary.ts
/**
 * The job summary of append and verify, read at GitHub's width: a context line, one row
 * per tag (★ marks this run's builds), failures explained once below the table, the
 * index, and pull commands only for an index known complete. Pure.
 */





const STAR = '★';
function modeSummary({ title, dryRun, reports, context }, digest, why) {
    const notes = failureNotes(reports);
    const rows = reports.map((r) => row(r, context, dryRun, notes));
    const indexHeader = context.mode === 'append' ? "index after this job's write" : 'index';
    return [
        `### ${dryRun ? `${title} (dry run)` : title}\n`,
        `${contextLine(reports, context)}\n`,
        (0,markdown/* markdownTable */.Qj)(['tag', 'platforms', indexHeader, 'status'], rows),
        legend(reports, context),
        ...notesList(notes),
        indexSection(reports, context, digest, why),
        pullCommands(reports, context),
    ]
        .filter((part) => part !== '')
        .join('\n');
}
/** `run 4711 · attempt 2 · ghcr.io, docker.io · 2026-12-06 20:55:12 UTC` */
function contextLine(reports, { runId, runAttempt, at }) {
    const registries = [...new Set(reports.map((r) => (0,oci_reference/* parseTagReference */.XN)(r.ref).registry))];
    const time = new Date(at).toISOString().replace('T', ' ').slice(0, 19);
    return [`run ${(0,markdown/* code */.aY)(runId)}`, `attempt ${runAttempt}`, registries.map(markdown/* code */.aY).join(', '), `${time} UTC`].join(' · ');
}
/** The platform's identity for "is it there": Windows without its patch level. */
function platformIdentity(platform) {
    try {
        return (0,image_index_platform/* basePlatform */.Hu)((0,image_index_platform/* platformKey */.Ng)((0,image_index_platform/* parsePlatform */.Y8)(platform)));
    }
    catch {
        return platform;
    }
}
/** The platforms of the tag's index that this run built (their entries carry this run's id). */
function runPlatforms(r, context) {
    if (!r.outcome)
        return new Set(r.ours);
    const mine = new Set(r.ours);
    for (const [platform, images] of (0,image_index_entries/* imagesByPlatform */.fx)(r.outcome.after.manifests))
        if (images.some((image) => (0,runs/* runOf */.ng)(image)?.runId === context.runId))
            mine.add(platform);
    return mine;
}
/** Platforms of the target the index does not hold (yet). */
function absent(r) {
    if (r.missing)
        return r.missing;
    if (!r.targetPlatforms || !r.outcome)
        return [];
    const held = new Set((0,image_index_entries/* platformsOf */.Wt)(r.outcome.after.manifests).map(platformIdentity));
    return r.targetPlatforms.filter((p) => !held.has(platformIdentity(p)));
}
/** An index known to hold every platform: verify's (unless platforms are known missing), or an append's that holds them all. */
function isComplete(r, context) {
    if (!r.outcome || r.error)
        return false;
    if (r.targetPlatforms)
        return absent(r).length === 0;
    return context.mode === 'verify';
}
function row(r, context, dryRun, notes) {
    const mine = runPlatforms(r, context);
    const shown = r.outcome ? (0,image_index_entries/* platformsOf */.Wt)(r.outcome.after.manifests) : r.ours;
    const marked = shown.map((p) => (mine.has(p) ? `${STAR}&nbsp;${(0,markdown/* code */.aY)(p)}` : (0,markdown/* code */.aY)(p))).join(' ');
    // Without an index written, the platforms are what the records hold, not what a tag holds.
    const platforms = marked && !r.outcome ? `recorded: ${marked}` : marked;
    const lacking = r.deferred ? [] : absent(r);
    const word = context.mode === 'append' && !r.error ? 'not yet' : 'missing';
    const missing = lacking.length > 0 ? `<br>${word}: ${lacking.map(markdown/* code */.aY).join(' ')}` : '';
    return [
        { html: (0,markdown/* code */.aY)(r.ref) },
        { html: (platforms || '—') + missing },
        { html: r.outcome ? (0,markdown/* shortDigest */.VK)(r.outcome.digest) : '—' },
        { html: summary_status(r, dryRun, notes) },
    ];
}
function summary_status(r, dryRun, notes) {
    if (r.error)
        return `${r.missing ? 'not written' : 'failed'} <sup>${notes.get(r.error)}</sup>`;
    if (r.deferred)
        return 'deferred to verify';
    const o = r.outcome;
    // More than one write is the normal case with jobs finishing together, not a failure.
    const written = o.writes > 1 ? `written (${o.writes} writes, as other jobs' platforms arrived)` : 'written';
    const base = dryRun ? (o.changed ? 'would change' : 'unchanged') : o.changed ? written : 'unchanged';
    return (0,markdown/* escapeCell */.kq)(r.note ? `${base}; ${r.note}` : base);
}
/** Each distinct failure once, numbered, with the tags it holds back. */
function failureNotes(reports) {
    const notes = new Map();
    for (const r of reports)
        if (r.error && !notes.has(r.error))
            notes.set(r.error, notes.size + 1);
    return notes;
}
function notesList(notes) {
    if (notes.size === 0)
        return [];
    const items = [...notes].map(([error, n]) => `${n}. ${(0,markdown/* escapeCell */.kq)(error)}`);
    return [`**Why not written**\n\n${items.join('\n')}\n`];
}
function legend(reports, context) {
    const written = reports.filter((r) => r.outcome);
    if (!reports.some((r) => r.ours.length > 0) && written.length === 0)
        return '';
    const built = context.mode === 'append' ? "this run's builds (this job's and its other jobs')" : "this run's builds";
    const unmarked = written.some((r) => {
        const mine = runPlatforms(r, context);
        return (0,image_index_entries/* platformsOf */.Wt)(r.outcome.after.manifests).some((p) => !mine.has(p));
    });
    return `${STAR} ${built}${unmarked ? '; unmarked: kept from an earlier run or another tool' : ''}.\n`;
}
function indexSection(reports, context, digest, why) {
    const append = context.mode === 'append';
    if (append && reports.length > 0 && reports.every((r) => r.deferred))
        return "**Deferred**: this job saved its record and wrote no tag; verify writes each tag once, from every job's record.\n";
    const label = append ? "Index after this job's write" : 'Index digest';
    if (!digest)
        return `**No single ${label.toLowerCase()}**: ${(0,markdown/* escapeCell */.kq)(why ?? '')}.\n`;
    const lacking = [...new Set(reports.flatMap(absent))];
    const state = reports.every((r) => isComplete(r, context))
        ? append
            ? ' — every platform of the target is in it.'
            : ' (every tag).'
        : append
            ? lacking.length > 0
                ? ` — not complete yet: ${lacking.map(markdown/* code */.aY).join(' ')} to come from this run's other jobs. Pull commands appear once an index holds every platform (verify's, or the last job's).`
                : ' — whether it holds every platform is not known here (no bake file named them).'
            : ' (every tag).';
    return `**${label}**: ${(0,markdown/* code */.aY)(digest)}${state}\n`;
}
/** `docker pull` by digest, for the tags whose index is known complete. */
function pullCommands(reports, context) {
    const pulls = reports
        .filter((r) => isComplete(r, context))
        .map((r) => `docker pull ${r.ref.replace(/^docker\.io\/(library\/)?/, '')}@${r.outcome.digest}`);
    if (pulls.length === 0)
        return '';
    return `<details><summary>Pull commands</summary>\n\n\`\`\`\n${pulls.join('\n')}\n\`\`\`\n\n</details>\n`;
}

;// CONCATENATED MODULE: ./src/convergence/report.ts
/** What append and verify report per tag: the log line, the outputs, the job summary, the failure. */


/** The shared tail of append and verify: outputs, summary and failure from the tags' reports. */
function reportTags(report) {
    const { reports } = report;
    const failure = failureMessage(reports);
    const { digest, why } = oneDigest(reports);
    const summary = modeSummary(report, digest, why);
    return {
        outputs: { result: resultOutput(reports), digest: digest ?? '' },
        summary,
        ...(failure && { failure }),
    };
}
/** The `digest` output: the one index every tag holds, when none failed or was deferred; else why not. */
function oneDigest(reports) {
    const failed = reports.filter((r) => r.error).length;
    if (failed > 0)
        return { why: `${failed} of ${reports.length} tags failed` };
    if (reports.some((r) => r.deferred))
        return { why: 'the tags are deferred to verify' };
    const digests = new Set(reports.map((r) => r.outcome.digest));
    if (digests.size === 1)
        return { digest: [...digests][0] };
    return { why: `the tags hold ${digests.size} different indexes (other tools' entries, or another fan-out)` };
}
/** `result`: JSON keyed by full tag ref. Failed tags carry `error` and no digest. */
function resultOutput(reports) {
    const result = {};
    for (const r of reports) {
        if (r.outcome) {
            const { digest, after, changed, keptNewer } = r.outcome;
            result[r.ref] = {
                digest,
                platforms: (0,image_index_entries/* platformsOf */.Wt)(after.manifests),
                changed,
                ...(keptNewer.size > 0 && { keptNewer: Object.fromEntries(keptNewer) }),
            };
        }
        else
            result[r.ref] = {
                digest: '',
                platforms: [],
                changed: false,
                ...(r.deferred ? { deferred: true } : { error: r.error }),
            };
    }
    return JSON.stringify(result);
}
function failureMessage(reports) {
    const failed = reports.filter((r) => r.error);
    if (failed.length === 0)
        return undefined;
    return [`${failed.length} of ${reports.length} tags failed:`, ...failed.map((r) => `  ${r.ref}: ${r.error}`)].join('\n');
}
/** `kept newer build (run 1002 (attempt 1))` per platform a newer run built. */
function keptNewerNotes(outcome) {
    return [...outcome.keptNewer].map(([platform, why]) => `${platform}: kept newer build (${why})`);
}
/** What a user must hear of a tag's outcome: a platform left to a newer run, a date not believed. */
function outcomeWarnings(ref, outcome) {
    return [
        ...[...outcome.keptNewer].map(([platform, why]) => `${ref}: ${platform} kept as the newer build of ${why}; this run's build of it was not written (newest run wins)`),
        ...[...outcome.untrusted].map(([platform, created]) => `${ref}: ${platform} replaced an entry dated ${created}, more than 5 minutes ahead of this runner's clock: that date was not believed`),
        // Shown as JSON: what another tool wrote is data, on one line, never text to interpret.
        ...(0,image_index_entries/* malformedEntries */.MY)(outcome.after.manifests).map((e) => `${ref}: entry ${JSON.stringify(e.digest)} names a platform this tool cannot read (${JSON.stringify(e.platform)}): kept as it is`),
    ];
}
/** `linux/arm64 sha256:ab… → sha256:cd…` per platform whose digest changes. */
function digestChanges(before, after) {
    const was = (0,image_index_entries/* imagesByPlatform */.fx)(before?.manifests ?? []);
    const now = (0,image_index_entries/* imagesByPlatform */.fx)(after.manifests);
    const short = (digest) => (digest ? digest.slice(0, 19) + '…' : 'none');
    const changes = [];
    for (const platform of new Set([...was.keys(), ...now.keys()])) {
        const from = was.get(platform)?.[0]?.digest;
        const to = now.get(platform)?.[0]?.digest;
        if (from !== to)
            changes.push(`${platform} ${short(from)} → ${short(to)}`);
    }
    return changes;
}
function requestSummary(stats) {
    const methods = Object.entries(stats.byMethod)
        // Plain code-unit order: localeCompare would load ICU's collator (~12 ms) for HTTP method names.
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([m, n]) => `${m} ${n}`);
    const total = Object.values(stats.byMethod).reduce((a, b) => a + b, 0);
    return `registry requests: ${total} (${methods.join(', ') || 'none'}), token fetches: ${stats.tokens}`;
}
/** One log line per tag: what changed, and how many writes it took. */
function describeOutcome(ref, o, dryRun) {
    const kept = keptNewerNotes(o);
    const notes = kept.length > 0 ? ` (${kept.join('; ')})` : '';
    const changes = digestChanges(o.before, o.after).join(', ') || 'no platform changes';
    if (dryRun)
        return `${ref}: ${o.changed ? `would write: ${changes}` : 'unchanged'}${notes}`;
    if (!o.changed)
        return `${ref}: unchanged (${o.digest})${notes}`;
    const horizon = o.horizonWaitMs > 0 ? `, ${(o.horizonWaitMs / 1000).toFixed(1)} s orphan horizon` : '';
    const writes = `${o.writes} write${o.writes === 1 ? '' : 's'}, ${o.repairs} repair${o.repairs === 1 ? '' : 's'}${horizon}`;
    return `${ref}: ${o.digest} [${(0,image_index_entries/* platformsOf */.Wt)(o.after.manifests).join(', ')}] (${writes})${notes}`;
}
/** Annotation lines of other levels: said once, never a failure. */
function logOtherAnnotations(other, log) {
    if (other.imageLevel.length > 0) {
        log.info(`${other.imageLevel.length} image-level annotation line(s) (manifest:, manifest-descriptor:) are bake's to apply at build time: left to the build`);
    }
    if (other.indexDescriptor.length > 0) {
        log.info(`${other.indexDescriptor.length} index-descriptor: annotation line(s) not applicable: a tag's index is not held by a parent index`);
    }
}

;// CONCATENATED MODULE: ./src/records/fresh-listing.ts
/**
 * Listing the records often, without listing more than needed. Convergence asks, after
 * each PUT, for a listing that *started after* that PUT returned; many tags asking at
 * once can share one listing, as long as it starts after all of them asked. A request
 * joins the listing queued next (not yet started), or queues one behind the listing in
 * flight: never an answer that started before the question.
 */
class FreshListing {
    list;
    inFlight = Promise.resolve();
    queued;
    constructor(list) {
        this.list = list;
    }
    get() {
        if (!this.queued) {
            const next = this.inFlight
                .catch(() => undefined)
                .then(() => {
                this.queued = undefined;
                return this.list();
            });
            this.queued = next;
            this.inFlight = next;
        }
        return this.queued;
    }
}

// EXTERNAL MODULE: ./src/records/names.ts
var names = __webpack_require__(48842);
;// CONCATENATED MODULE: ./src/records/own-records.ts
/** A listing with the job's own records in it: they count before any listing shows them. Pure. */


/** A listing with the job's own records added where it lacks them (saved after it began, or never: a dry run). */
function withOwn(listed, own) {
    const held = new Set(listed.map(jobOf));
    return [...listed, ...own.filter((r) => !held.has(jobOf(r)))];
}
/** Each record's job, keyed once: records are never changed, and a job lists them every few milliseconds. */
const jobKeys = new WeakMap();
function jobOf(record) {
    let key = jobKeys.get(record);
    if (key === undefined) {
        key = (0,records_record/* completionKey */.I8)({ ...record, fanout: record.fanout ?? (0,names/* fanoutKey */.ZM)(record.tags) });
        jobKeys.set(record, key);
    }
    return key;
}

;// CONCATENATED MODULE: ./src/convergence/tag-access.ts
/**
 * A tag in a registry, as the convergence loop reads and writes it: HEAD first, and a
 * GET (by the digest the HEAD named, so the answer is immutable and cached) only for
 * a version not seen before. Docker Hub counts GETs against the pull quota, not HEADs.
 * The first read may start early: a read, however early, is only ever a possibly stale
 * one, which the loop allows for.
 */




/** Index PUTs refused because a child is unknown, before the tag fails. */
const CHILD_SETTLE_TRIES = 4;
/**
 * Distribution 2.8 can lose, for a moment, a manifest or blob that several jobs upload
 * at once (each copying the same build into a mirror): an index naming it is then
 * refused with 400 MANIFEST_BLOB_UNKNOWN although every child was copied. A refusal is
 * not applied (no orphan), so the PUT is tried again after a short wait.
 */
async function whileChildrenSettle(put, clock) {
    for (let attempt = 1;; attempt++) {
        try {
            return await put();
        }
        catch (error) {
            const unknownChild = error instanceof RegistryError && error.hasCode('MANIFEST_BLOB_UNKNOWN');
            if (!unknownChild || attempt >= CHILD_SETTLE_TRIES)
                throw error;
            await clock.sleep(200 * attempt);
        }
    }
}
/** Reads of a tag whose HEAD names a digest GET cannot find, before the tag fails. */
const VANISHED_READS = 3;
/** The tag's HEAD kept naming a version the registry does not serve: it is not read as absent. */
class VanishedVersionError extends Error {
    tag;
    digest;
    name = 'VanishedVersionError';
    constructor(tag, digest, reads) {
        super(`${tag}: HEAD names ${digest}, which GET by digest does not find (${reads} reads): ` +
            'not read as an absent tag, nothing written');
        this.tag = tag;
        this.digest = digest;
    }
}
/** A tag whose index is an artifact's (a referrers fallback tag, a signature index) is not an image tag. */
class ArtifactIndexError extends Error {
    name = 'ArtifactIndexError';
}
function refuseArtifactIndex(tag, index) {
    const { subject, artifactType } = index;
    if (subject === undefined && artifactType === undefined)
        return;
    const what = artifactType !== undefined ? `artifactType ${JSON.stringify(artifactType)}` : 'a subject';
    throw new ArtifactIndexError(`${tag} holds an artifact's index (${what}), not a multi-platform image: no platform is added to it, nothing written`);
}
function registryTag({ client, repository, tag, horizon, clock, seen, known }) {
    const versions = seen ?? new Map();
    const where = `${client.registry}/${repository}:${tag}`;
    /** Versions of this tag read so far: the unions of the run's records are written on top of them. */
    const bases = [];
    const knownOrRead = async (digest, answeredAt) => (await known?.(digest, bases, answeredAt)) ?? (await readTagIndex(client, repository, digest)).index;
    /** At most one GET per digest however many tags ask at once, none for a known one; a failed or empty read is not kept. */
    const indexOf = (digest, answeredAt) => {
        let index = versions.get(digest);
        if (!index) {
            index = knownOrRead(digest, answeredAt);
            versions.set(digest, index);
            index.then((i) => i ?? versions.delete(digest), () => versions.delete(digest));
        }
        return index;
    };
    let early;
    let answeredAt;
    const read = async () => {
        for (let attempt = 1;; attempt++) {
            const head = await client.headManifest(repository, tag);
            answeredAt = (0,common_clock/* monotonicMs */.d)();
            if (!head)
                return {};
            const index = await indexOf(head.digest, answeredAt);
            // A digest HEAD just named that GET cannot find is no absent tag (a lagging replica, a
            // rewrite in between, a wrong header): read again, and never write from it.
            if (!index) {
                if (attempt < VANISHED_READS) {
                    await clock.sleep(250 * attempt);
                    continue;
                }
                throw new VanishedVersionError(where, head.digest, attempt);
            }
            refuseArtifactIndex(where, index);
            if (!bases.some((b) => b.digest === head.digest))
                bases.push({ digest: head.digest, index });
            return { index, digest: head.digest };
        }
    };
    return {
        get answeredAt() {
            return answeredAt;
        },
        prefetch() {
            early ??= read();
            early.catch(() => { }); // a failure surfaces when the loop reads it, not as an unhandled rejection
        },
        read() {
            const first = early;
            early = undefined;
            return first ?? read();
        },
        async write(index, bytes) {
            let inFlightUntil;
            const mediaType = index.mediaType ?? types/* OCI_INDEX */.$p;
            const put = () => client.putManifest(repository, tag, { bytes, mediaType }, (abandonedAt) => {
                inFlightUntil = horizon.note(abandonedAt);
            });
            const digest = await whileChildrenSettle(put, clock);
            versions.set(digest, Promise.resolve(index));
            return { digest, ...(inFlightUntil !== undefined && { inFlightUntil }) };
        },
    };
}

;// CONCATENATED MODULE: ./src/append/tags.ts


/**
 * Whether a record of the run names `ref`. Without one, no union of the run's records can
 * be what the tag holds: a writer saves its record before its write, and this job's own
 * writes are seen, never looked up. (This job's record is listed only once saved, after
 * its own build was read: the lookup then waits for nothing.)
 */
function namedByRun(records, ref, runId) {
    return records.some((r) => r.runId === runId && r.tags.includes(ref));
}
/**
 * `recordsName` over a listing begun when asked (`list`; none without a store: no record
 * names anything). A failed listing says nothing, so the tag goes to the lookup, which lists again.
 */
function recordsNamer(list, runId) {
    return async (ref) => {
        if (!list)
            return false;
        const records = await list().catch(() => undefined);
        return !records || namedByRun(records, ref, runId);
    };
}
/** Every tag's first read sent now; none in a deferred job, which writes no tag (verify does): a GET is a Docker Hub pull. */
function startReads(tags, deferred) {
    if (!deferred)
        for (const tag of tags.values())
            tag.prefetch();
}
/** Every tag of every target, by full ref, ready to be read and written; each acknowledged write noted in `written`. */
async function openTags(pool, plans, horizon, clock, written, lookups) {
    const tags = new Map();
    const seen = new Map();
    const repositories = plans.flatMap((plan) => plan.repositories.map((repo) => ({ ...repo, target: plan.target })));
    // Every registry's client at once: each may run a credential helper before its first request.
    // A failure is reported for the first registry in order that failed, whichever failed first.
    const registries = [...new Set(repositories.map((repo) => repo.registry))];
    const settled = await Promise.allSettled(registries.map((registry) => pool.client(registry)));
    const clients = new Map();
    for (const [i, result] of settled.entries()) {
        if (result.status === 'rejected')
            throw result.reason;
        clients.set(registries[i], result.value);
    }
    for (const repo of repositories) {
        const client = clients.get(repo.registry);
        client.willPush(repo.repository);
        for (const tag of repo.tags) {
            const ref = (0,oci_reference/* formatReference */.FH)({ ...repo, tag });
            const known = async (digest, bases, answeredAt) => {
                lookups.listAfter(answeredAt);
                // Named by no record of the run, the digest is read now, not after the build's own read.
                if (!(await lookups.recordsName(ref)))
                    return undefined;
                return (await lookups.indexes).get(repo.target)?.find(digest, { ...repo, ref }, bases, answeredAt);
            };
            const access = registryTag({ client, repository: repo.repository, tag, horizon, clock, seen, known });
            const [read, write] = [access.read.bind(access), access.write.bind(access)];
            /** The digest the tag was last read holding: writing it again (a round 0 that proves nothing) creates no version. */
            let held;
            access.read = async () => {
                const answer = await read();
                held = answer.digest;
                return answer;
            };
            access.write = async (index, bytes) => {
                const ack = await write(index, bytes);
                if (ack.digest !== held)
                    written.push({ ref, digest: ack.digest });
                return ack;
            };
            tags.set(ref, access);
        }
    }
    return tags;
}
/** A promise settled from outside; `fail` rejects it and rethrows, so it can end a chain. */
function deferred() {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => ((resolve = res), (reject = rej)));
    promise.catch(() => { }); // a failure surfaces where the job failed, not as an unhandled rejection
    return {
        promise,
        resolve,
        reject,
        fail: (error) => {
            reject(error);
            throw error;
        },
    };
}

;// CONCATENATED MODULE: ./src/cleanup/notice.ts
/** The notice a non-deferred append gives on GHCR: the package versions its writes created. Pure. */

/**
 * On GHCR every index PUT to a tag creates a package version (one per digest and
 * package), and a version that is no tag's final stays behind untagged: GHCR never
 * deletes it. Undefined when the job wrote nothing there.
 */
function intermediatesNotice(written, ghcrRegistry) {
    const versions = new Set();
    for (const { ref, digest } of written) {
        const { registry, repository } = (0,oci_reference/* parseReference */.F2)(ref);
        if (registry === ghcrRegistry)
            versions.add(`${repository}@${digest}`);
    }
    if (versions.size === 0)
        return undefined;
    const n = versions.size;
    return (`${ghcrRegistry}: this job's tag writes created ${n} package version${n === 1 ? '' : 's'}; ` +
        "each that no tag ends on stays behind untagged (GHCR never deletes them). 'defer: true' writes each tag " +
        "once, in verify, and leaves none; 'cleanup: true' on verify deletes this run's");
}

// EXTERNAL MODULE: ./src/records/store.ts + 1 modules
var records_store = __webpack_require__(6900);
// EXTERNAL MODULE: ./src/records/artifact.ts
var artifact = __webpack_require__(76662);
// EXTERNAL MODULE: ./src/append/plan.ts
var append_plan = __webpack_require__(16741);
;// CONCATENATED MODULE: ./src/append/prepare.ts





/** Reads only: the build's entries and that it belongs to the target; its presence in every repository it names, asked. */
async function prepare(pool, plan, mediaType, options, clock, run) {
    const [first, ...others] = plan.sources;
    // The other repositories are asked at once, alongside the read: one request latency, not two.
    const present = Promise.all(others.map((source) => checkPresent(pool, plan, source)));
    present.catch(() => { }); // the read's failure is the one reported when both fail
    const build = await readBuildEntries(await pool.client(first.registry), first.repository, plan.digest).catch((error) => {
        if (!(error instanceof BuildMissingError))
            throw error;
        throw new errors/* InputError */.dz('metadata', `target '${plan.target}': ${error.message}`);
    });
    (0,append_plan/* checkBuildPlatforms */.$)(plan, build.platforms);
    const record = {
        version: 2,
        target: plan.target,
        platforms: build.platforms,
        // Only a bake definition knows the target's platforms; without one, the record states none (never its own).
        ...(plan.platforms && { targetPlatforms: plan.platforms }),
        entries: build.entries,
        digest: plan.digest,
        mediaType: mediaType ?? build.mediaType,
        size: build.size,
        repositories: plan.sources.map(oci_reference/* repositoryName */.aR),
        tags: plan.tags,
        // The build's time, on the injected clock: it decides which of two records of a platform wins.
        createdAt: new Date(clock.now()).toISOString(),
        ...run,
        orphanHorizon: options.orphanHorizonSeconds,
        ...(options.defer && { deferred: true }),
        ...(plan.annotations.length > 0 && { indexAnnotations: Object.fromEntries(plan.annotations) }),
    };
    checkRecordSize(record);
    return { plan, build, record, present };
}
/** A record every job can read back (they read records up to MAX_RECORD_BYTES), refused before any write. */
function checkRecordSize(record) {
    const size = Buffer.byteLength(JSON.stringify(record, null, 2)) + 1;
    if (size <= records_store/* MAX_RECORD_BYTES */.xR)
        return;
    const annotations = Buffer.byteLength(JSON.stringify(record.indexAnnotations ?? {}));
    throw new errors/* InputError */.dz('annotations', `target '${record.target}': its record would be ${size} bytes, over the ${records_store/* MAX_RECORD_BYTES */.xR} every job reads ` +
        `records up to; its index annotations (the bake file's annotation-index.* and this input) take ${annotations}`);
}
/** The build's digest is in this repository too, as image.name says. */
async function checkPresent(pool, plan, source) {
    if (await (await pool.client(source.registry)).headManifest(source.repository, plan.digest))
        return;
    const where = `${(0,oci_reference/* repositoryName */.aR)(source)}@${plan.digest}`;
    throw new errors/* InputError */.dz('metadata', `target '${plan.target}': image.name names ${where}, which does not exist`);
}

;// CONCATENATED MODULE: ./src/append/mode.ts


















async function runAppend(validated, deps) {
    const { options, plans, results } = validated;
    logOtherAnnotations(options.otherAnnotations, deps.log);
    const store = (0,records_store/* openRecordStore */.TD)(options.records, () => (deps.artifacts ?? artifact/* actionsArtifactService */.lg)(deps.env), {
        onSkipped: (file, reason) => deps.log.warning(`records: skipped ${JSON.stringify(file)}: ${reason}`),
        ...(deps.clock && { clock: deps.clock }),
        // A dry run does not create the directory: not made yet, it holds no records.
        missingIsEmpty: options.dryRun,
        retentionDays: options.recordsRetentionDays,
    });
    if (!store && !options.dryRun && validated.noStore)
        deps.log.warning(validated.noStore);
    const clock = deps.clock ?? common_clock/* systemClock */.m;
    const run = deps.run ?? (0,records_record/* currentRun */.xh)(deps.env);
    const { runId } = run;
    const horizon = new OrphanHorizon(options.orphanHorizonSeconds * 1000, clock);
    const pool = openRegistries(options.insecureRegistries, deps);
    const saved = [];
    const written = [];
    try {
        // The tags' first reads go out with the build's: the critical path is read → write. A digest
        // they meet is looked up among the unions of the run's records once those are listed.
        const known = deferred();
        // The job's own records count before they are listed: they are being saved, or never are (a dry run).
        const ownRecords = deferred();
        const listing = store && new FreshListing(() => store.loadAll(runId));
        let latest;
        let latestAt = -Infinity;
        const runRecords = async () => withOwn(listing ? await listing.get() : [], await ownRecords.promise).filter((r) => r.runId === runId);
        const list = () => {
            const startedAt = (latestAt = (0,common_clock/* monotonicMs */.d)());
            return (latest = runRecords().then((records) => ({ records, startedAt })));
        };
        // A lookup needs a listing begun after its tag's answer: begun then, it is read while the
        // build's own read (which the lookup needs too) may still be out.
        const listAfter = (answeredAt) => {
            if (listing && latestAt < answeredAt)
                list().catch(() => { }); // a failed one is listed again when used
        };
        // Asked right after listAfter, it joins the listing that one queued (begun after the answer, not yet started).
        const recordsName = recordsNamer(listing && (() => listing.get()), runId);
        const lookups = { indexes: known.promise, listAfter, recordsName };
        const tags = await openTags(pool, plans, horizon, clock, written, lookups);
        startReads(tags, options.defer);
        const preparing = Promise.all(plans.map((plan, i) => prepare(pool, plan, results[i].mediaType, options, clock, run)));
        // Every first request is issued; their connections open, and they are written, in the next
        // turn's poll phase (this turn's began before they were issued). After that one, while they
        // are out: the digests' module loads (their answers need it), and the store is read (the
        // artifact client loads first, ~135 ms), so the listings after the answers read little.
        setImmediate(() => setImmediate(() => {
            (0,oci_digest/* loadDigests */.i)();
            store?.warm(runId);
        }));
        const prepared = await preparing.catch((error) => {
            ownRecords.reject(error);
            return known.fail(error);
        });
        const own = prepared.map((p) => p.record);
        ownRecords.resolve(own);
        // Saved once the build is known to be in every repository, while the tags' digests are looked
        // up (those lookups need not wait for that read); no tag is written before (publish waits for it).
        const saving = Promise.all(prepared.map((p) => p.present)).then(() => store && !options.dryRun ? saveRecords(store, own, deps) : []);
        saving.catch(() => { }); // awaited below, where a failure fails the job
        // Other jobs' builds come from their records' entries: no GET of their manifests (Docker Hub counts GETs).
        const source = new BuildSource(pool, deps.log, { copy: !options.dryRun, recordedEntries: true });
        for (const { record, build } of prepared)
            source.remember(record.digest, build);
        // A lookup takes the latest listing; one that failed (nobody waited on it) is listed again.
        const held = { latest: () => (latest ? latest.catch(() => list()) : list()), fresh: list };
        // Each target's index carries its own annotations (its author's annotation-index.*, then the input).
        known.resolve(new Map(plans.map((plan) => [
            plan.target,
            new KnownIndexes(source, held, { annotations: plan.annotations, now: () => clock.now() }),
        ])));
        saved.push(...(await saving));
        const savedAt = (0,common_clock/* monotonicMs */.d)();
        // Round 0 wants a listing begun after the save: one now, while tags' reads may be out, not one per tag after them.
        if (listing && !options.defer)
            list().catch(() => { }); // a failed one is listed again when used
        /**
         * A tag's records, listed after its read and after the job's own records were saved (the
         * order the convergence proof needs: a listing from before the save can miss a job that
         * wrote meanwhile and checked before that save, and a round 0 built on it may skip its
         * write). The first time, the latest listing when it began after both (a known-index
         * lookup lists them then), so that lookup costs no listing of its own.
         */
        const recordsFor = (tag) => {
            let first = true;
            return async () => {
                const earlier = first && latest ? await latest.catch(() => undefined) : undefined;
                first = false;
                if (earlier && earlier.startedAt >= Math.max(tag.answeredAt ?? Infinity, savedAt))
                    return earlier.records;
                return (await list()).records;
            };
        };
        const publishing = prepared.map((p) => publish(tags, source, p, recordsFor, options, clock, deps));
        const reports = (await Promise.all(publishing)).flat();
        const notice = intermediatesNotice(written, options.ghcrRegistry);
        if (notice)
            deps.log.notice(notice);
        deps.log.info(requestSummary(await pool.stats()));
        const context = { mode: 'append', ...run, at: clock.now() };
        return reportTags({ title: 'bake-fanout append', dryRun: options.dryRun, reports, context });
    }
    finally {
        await endJob(horizon, store, saved, written, clock, deps);
        await pool.close();
    }
}
/**
 * The job's last act, failed or not: wait out the orphan horizon of its ambiguous
 * writes (an abandoned attempt landing later could drop another job's platform after
 * that job finished green), then mark its records complete, so verify knows no write
 * of this job is still in flight.
 */
async function endJob(horizon, store, saved, written, clock, deps) {
    const waited = await horizon.waitOut();
    if (waited > 0) {
        deps.log.info(`waited ${(waited / 1000).toFixed(1)} s before exiting: the orphan horizon of an ambiguous tag write (the registry may apply an abandoned attempt until then)`);
    }
    if (!store || saved.length === 0)
        return;
    const until = horizon.until;
    const completion = {
        completedAt: new Date(clock.now()).toISOString(),
        ...(until !== undefined && { horizonUntil: new Date(until).toISOString() }),
    };
    try {
        for (const record of saved) {
            // What the job PUT to this record's tags: the only versions verify's cleanup may delete.
            const own = written.filter((w) => record.tags.includes(w.ref));
            await store.saveCompletion(record, { ...completion, ...(own.length > 0 && { written: own }) });
        }
    }
    catch (error) {
        deps.log.warning(`could not mark the record complete in ${store.description} (verify will wait one orphan horizon for it): ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
}
/** Saves the records before any tag write; returns those saved (a failure is bad input: nothing was written). */
async function saveRecords(store, records, deps) {
    try {
        for (const record of records)
            await store.save(record);
    }
    catch (error) {
        const reason = (0,errors/* errorMessage */.gJ)(error);
        throw new errors/* InputError */.dz('records', `could not save the record to ${store.description}, so no tag was written: ${reason}`);
    }
    deps.log.info(`records saved to ${store.description}`);
    return [...records];
}
/** Every tag of the target, per repository: copies first where the build was not pushed, then the tags. */
async function publish(tags, source, { plan, build, record }, recordsFor, options, clock, deps) {
    // What every tag's report says of the build: this job's platforms, and all the target's (when a bake file says).
    const ours = { ours: build.platforms, ...(plan.platforms && { targetPlatforms: plan.platforms }) };
    const perRepository = plan.repositories.map(async (repo) => {
        const refOf = (tag) => (0,oci_reference/* formatReference */.FH)({ ...repo, tag });
        try {
            await source.ensureIn(record, build, repo);
        }
        catch (error) {
            const message = `copying from ${record.repositories.join(', ')} failed: ${(0,errors/* errorMessage */.gJ)(error)}`;
            return repo.tags.map((tag) => ({ ref: refOf(tag), ...ours, error: message }));
        }
        if (options.defer)
            return repo.tags.map((tag) => ({ ref: refOf(tag), ...ours, deferred: true }));
        return Promise.all(repo.tags.map(async (tag) => {
            const ref = refOf(tag);
            const access = tags.get(ref);
            const runRecords = recordsFor(access);
            try {
                const outcome = await convergeTag(access, async () => source.forTag({ ...repo, ref }, await runRecords()), {
                    annotations: plan.annotations,
                    prune: false,
                    dryRun: options.dryRun,
                    alwaysWrite: false,
                    settleMs: options.settleSeconds * 1000,
                    clock,
                });
                deps.log.info(describeOutcome(ref, outcome, options.dryRun));
                for (const warning of outcomeWarnings(ref, outcome))
                    deps.log.warning(warning);
                return { ref, ...ours, outcome };
            }
            catch (error) {
                return { ref, ...ours, error: (0,errors/* errorMessage */.gJ)(error) };
            }
        }));
    });
    return (await Promise.all(perRepository)).flat();
}

// EXTERNAL MODULE: ./src/verify/plan.ts
var verify_plan = __webpack_require__(48054);
// EXTERNAL MODULE: ./src/common/shell-word.ts
var shell_word = __webpack_require__(8448);
;// CONCATENATED MODULE: ./src/signing/identity.ts
/**
 * Who signs, and how a consumer checks it (pure): the identity Fulcio will certify for
 * an OIDC token, where the signature is witnessed (Rekor, or a timestamp only), and the
 * `cosign verify` command that checks the result.
 */

const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
const GITLAB_ISSUER = 'https://gitlab.com';
/** An OIDC token's claims (its payload), unverified: Fulcio verifies the token; we only read who it names. */
function claimsOf(token) {
    const payload = token.split('.')[1];
    let claims;
    try {
        claims = payload ? JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) : undefined;
    }
    catch {
        claims = undefined;
    }
    if (typeof claims !== 'object' || claims === null || Array.isArray(claims))
        throw new Error('the identity token is not a JWT with a JSON payload');
    return claims;
}
/**
 * A token that expires within a minute of when it will sign is refused before any write
 * (a SIGSTORE_ID_TOKEN given once, a long orphan wait): Fulcio would refuse it after
 * the tags are written.
 */
function assertUnexpired(claims, signsAt) {
    if (typeof claims.exp !== 'number')
        return;
    if (claims.exp * 1000 < signsAt + 60_000)
        throw new Error(`the identity token expires at ${new Date(claims.exp * 1000).toISOString()}: fetch a fresh one`);
}
/**
 * The certificate Fulcio will issue for these claims, where its mapping is known: on
 * GitHub, the workflow that runs the job (`job_workflow_ref`; for a reusable workflow,
 * the reusable workflow) in the calling `repository`; on gitlab.com, the pipeline
 * definition (`ci_config_ref_uri`). It finds our earlier signatures; elsewhere (a
 * federated issuer, an email token) the first certificate tells, and a re-run signs anew.
 */
function expectedSigner(claims) {
    const issuer = identity_text(claims.iss);
    if (!issuer)
        throw new Error('the identity token names no issuer (iss)');
    // @sigstore/sign (and Fulcio) refuse a token with an email its issuer did not verify, whatever the issuer.
    if (claims.email !== undefined && claims.email_verified !== true)
        throw new Error("the identity token's email is not verified by its issuer");
    if (!identity_text(claims.sub) && !identity_text(claims.email))
        throw new Error('the identity token names no subject (sub)');
    const workflow = identity_text(claims.job_workflow_ref);
    const repository = identity_text(claims.repository);
    if (issuer === GITHUB_ISSUER && workflow && repository)
        return { issuer, identity: `https://github.com/${workflow}`, repository };
    const pipeline = identity_text(claims.ci_config_ref_uri);
    if (issuer === GITLAB_ISSUER && pipeline)
        return { issuer, identity: `https://${pipeline}` };
    return {};
}
/**
 * Rekor publishes the certificate, and with it the repository's and workflow's names:
 * right for a public repository, a leak for a private one, which gets a signed
 * timestamp instead. `auto` decides by the token's `repository_visibility` (GitHub) or
 * `project_visibility` (GitLab);
 * where that is unknown it keeps names private. A TSA URL given without a Rekor URL
 * asks for timestamps only (DESIGN §13).
 */
function chooseWitnessing(choice, urls, claims) {
    if (choice === 'true')
        return { rekor: true, why: 'sign-tlog: true' };
    if (choice === 'false')
        return { rekor: false, why: 'sign-tlog: false' };
    if (urls.tsa && !urls.rekor)
        return { rekor: false, why: 'a timestamp authority and no Rekor URL were given' };
    if (urls.rekor && !urls.tsa)
        return { rekor: true, why: 'a Rekor URL was given' };
    // GitHub's claim, and GitLab's (whose Fulcio provider maps project_visibility the same way).
    const visibility = identity_text(claims.repository_visibility) ?? identity_text(claims.project_visibility);
    if (visibility === 'public')
        return { rekor: true, why: 'the repository is public' };
    if (visibility)
        return { rekor: false, why: `the repository is ${visibility}: its names stay out of the public log` };
    return { rekor: false, why: "the repository's visibility is unknown: its names stay out of the public log" };
}
/**
 * The command that checks every signed tag as a consumer would (cosign v3, which reads
 * bundles): the certificate's identity and issuer, and on GitHub its repository (a
 * reusable workflow's identity alone would accept any caller's signature).
 */
function cosignVerifyCommand(refs, signer, options) {
    const args = [
        'cosign',
        'verify',
        `--certificate-identity=${signer.identity}`,
        `--certificate-oidc-issuer=${signer.issuer}`,
        ...(signer.repository && signer.issuer === GITHUB_ISSUER
            ? [`--certificate-github-workflow-repository=${signer.repository}`]
            : []),
        ...(options.rekor ? [] : ['--use-signed-timestamps', '--insecure-ignore-tlog=true']),
        ...(options.trustedRoot ? [`--trusted-root=${options.trustedRoot}`] : []),
        ...(options.insecure ? ['--allow-http-registry', '--allow-insecure-registry'] : []),
        ...refs,
    ];
    return args.map(shell_word/* shellWord */.r).join(' ');
}
function identity_text(value) {
    return typeof value === 'string' && value !== '' ? value : undefined;
}

;// CONCATENATED MODULE: ./src/signing/plan.ts
/**
 * Which index digests verify signs (pure): a signature vouches for everything an index
 * holds, forever, so only a tag that holds exactly this run's newest build of every
 * platform of its release is signed, and a digest only when every tag holding it is.
 */





function planSigning(tags) {
    const refused = [];
    const byDigest = new Map();
    for (const tag of tags) {
        const why = unsignable(tag);
        if (why) {
            refused.push({ ref: tag.ref, ...(tag.written && { digest: tag.written.digest }), why });
            continue;
        }
        const { digest, index } = tag.written;
        const entry = byDigest.get(digest) ?? {
            digest,
            subject: { mediaType: index.mediaType ?? types/* OCI_INDEX */.$p, digest, size: serializeIndex(index).length },
            refs: [],
            sites: [],
        };
        entry.refs.push(tag.ref);
        if (!entry.sites.some((s) => s.registry === tag.registry && s.repository === tag.repository))
            entry.sites.push({ registry: tag.registry, repository: tag.repository });
        byDigest.set(digest, entry);
    }
    // A digest some tag refused stays unsigned for all: its content is the same everywhere.
    const refusedDigests = new Set(refused.flatMap((r) => (r.digest ? [r.digest] : [])));
    for (const [digest, entry] of byDigest) {
        if (!refusedDigests.has(digest))
            continue;
        byDigest.delete(digest);
        for (const ref of entry.refs)
            refused.push({ ref, digest, why: `another tag holding ${digest} is not signed` });
    }
    return { sign: [...byDigest.values()], refused };
}
function unsignable(tag) {
    if (!tag.written)
        return `the tag was not written (${tag.error ?? 'failed'})`;
    const { digest, index, keptNewer } = tag.written;
    if ((0,oci_digest/* sha256Digest */.s)(serializeIndex(index)) !== digest)
        return `the registry names the index written ${digest}, not the digest of the bytes sent`;
    if (tag.missing.length > 0)
        return `this run built no ${tag.missing.join(', ')} (its platform job failed)`;
    if (keptNewer.size > 0)
        return `it holds another run's newer build of ${[...keptNewer.keys()].join(', ')}`;
    if (index.subject)
        return `the index names a subject (${index.subject.digest}): it is a referrer, not a release`;
    const foreign = notTheRuns(index.manifests, tag.runEntries);
    if (foreign.length === 0)
        return undefined;
    // prune removes other platforms' images; other entries (attestations another tool added) it keeps.
    const prunable = index.manifests.some((e) => !tag.runEntries.has(e.digest) && (0,image_index_entries/* imageEntries */.Io)([e]).length > 0);
    const hint = prunable ? " ('prune: true' publishes only the run's build)" : '';
    return `it holds ${foreign.join(', ')}, which no record of this run names${hint}`;
}
/**
 * Entries that are not this run's: an image of a platform no record chose, an entry with
 * no readable platform (a puller may take it for any platform), an attestation another
 * tool added, even of the run's own image. What the run's builds hold is the whole list.
 */
function notTheRuns(entries, runEntries) {
    return entries
        .filter((e) => !runEntries.has(e.digest))
        .map((e) => (0,image_index_entries/* imageEntries */.Io)([e]).length > 0
        ? `${(0,image_index_entries/* platformOf */.tj)(e)} (${(0,oci_reference/* isDigest */.Bc)(e.digest) ? e.digest : 'no valid digest'})`
        : (0,image_index_entries/* isAttestation */.H3)(e) && (0,oci_reference/* isDigest */.Bc)((0,image_index_entries/* attestedDigest */.Js)(e))
            ? `an attestation of ${(0,image_index_entries/* attestedDigest */.Js)(e)} this run did not make`
            : `an entry with no readable platform (${(0,oci_reference/* isDigest */.Bc)(e.digest) ? e.digest : 'no valid digest'})`);
}

// EXTERNAL MODULE: ./src/signing/artifact.ts
var signing_artifact = __webpack_require__(91705);
// EXTERNAL MODULE: ./src/common/json.ts
var json = __webpack_require__(29927);
;// CONCATENATED MODULE: ./src/registry/referrers.ts
/**
 * The referrers of a digest, read as cosign reads them (go-containerregistry's
 * `remote.Referrers`), and the fallback-tag protocol (OCI distribution 1.1, referrers
 * tag schema) for registries without the referrers API:
 * - the API counts only when it answers 200 with Content-Type exactly the OCI index
 *   type, and only its first page is read; otherwise the `sha256-<hex>` tag is read,
 *   asked for as an OCI index only (a Docker manifest list there is invisible);
 * - the fallback index is written as an OCI index, always: one found as a Docker
 *   manifest list is rewritten as one, every entry kept.
 */




/** Writes of the fallback index before it is given up (another writer may replace it each time). */
const FALLBACK_ROUNDS = 5;
/** A listing that is not an index of referrers, or a fallback index that will not hold an entry. */
class FallbackIndexError extends Error {
    name = 'FallbackIndexError';
}
/** The fallback tag of the referrers of `digest` (OCI distribution spec, referrers tag schema). */
function fallbackTag(digest) {
    return (0,oci_reference/* assertDigest */.V7)(digest, 'subject').replace(':', '-');
}
/** `digest`'s referrers in this repository, exactly as cosign lists them. */
async function listReferrers(site, digest) {
    const { client, repository } = site;
    const firstPage = (await client.referrers(repository, digest, 1))?.[0];
    if (firstPage) {
        const where = `${client.registry}/${repository} referrers of ${digest}`;
        return { api: true, referrers: referrers_asIndex(firstPage, where).manifests.filter(isDescriptor) };
    }
    // Asked for as an OCI index only; what comes as another type cosign refuses: nothing is listed.
    const tag = fallbackTag(digest);
    const fetched = await client.getManifest(repository, tag, [types/* OCI_INDEX */.$p]);
    if (!fetched || fetched.mediaType !== types/* OCI_INDEX */.$p)
        return { api: false, referrers: [] };
    const index = referrers_asIndex(fetched.bytes, `${client.registry}/${repository}:${tag}`);
    return { api: false, referrers: index.manifests.filter(isDescriptor) };
}
/**
 * The fallback index with `referrer` listed, every other entry kept as it was (other
 * tools' signatures, SBOMs, attestations), as an OCI index. `changed` is false when it
 * was listed already in an OCI index.
 */
function withReferrer(index, referrer) {
    const base = { ...(index ?? { schemaVersion: 2, manifests: [] }), mediaType: types/* OCI_INDEX */.$p };
    const listed = base.manifests.some((m) => (0,json/* isJsonObject */.O)(m) && m.digest === referrer.digest);
    if (listed)
        return { index: base, changed: index?.mediaType !== types/* OCI_INDEX */.$p };
    return { index: { ...base, manifests: [...base.manifests, referrer] }, changed: true };
}
/**
 * Upserts `referrer` in the fallback index as tags are upserted: read (every type, so a
 * Docker manifest list's entries are kept), add ours, write as an OCI index, read again
 * until it lists ours (another writer may have replaced it).
 */
async function addToFallback(site, digest, referrer) {
    const tag = fallbackTag(digest);
    for (let round = 0;; round++) {
        const { index, changed } = withReferrer(await readFallback(site, digest), referrer);
        if (!changed)
            return;
        if (round === FALLBACK_ROUNDS)
            break;
        await site.client.putManifest(site.repository, tag, { bytes: serializeIndex(index), mediaType: types/* OCI_INDEX */.$p });
    }
    throw new FallbackIndexError(`${site.client.registry}/${site.repository}:${tag} still does not list ${referrer.digest} in an OCI index after ${FALLBACK_ROUNDS} writes`);
}
/** The fallback index as it is, of any index type (its entries are kept when it is rewritten). */
async function readFallback({ client, repository }, digest) {
    const tag = fallbackTag(digest);
    const fetched = await client.getManifest(repository, tag);
    return fetched && referrers_asIndex(fetched.bytes, `${client.registry}/${repository}:${tag}`);
}
/** An index as read: its entries kept as they are (a rewrite keeps other tools' entries whole). */
function referrers_asIndex(bytes, where) {
    const index = parsedObject(bytes);
    const mediaType = index?.mediaType ?? types/* OCI_INDEX */.$p;
    if (!index || typeof mediaType !== 'string' || !types/* INDEX_TYPES */.V.has(mediaType) || !Array.isArray(index.manifests))
        throw new FallbackIndexError(`${where} is not an index of referrers`);
    return index;
}
/** A JSON object (a leading byte-order mark allowed), else undefined. */
function parsedObject(bytes) {
    try {
        const value = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
        return (0,json/* isJsonObject */.O)(value) ? value : undefined;
    }
    catch {
        return undefined;
    }
}
function isDescriptor(value) {
    return (0,json/* isJsonObject */.O)(value) && typeof value.digest === 'string' && typeof value.mediaType === 'string';
}

;// CONCATENATED MODULE: ./src/signing/referrers.ts
/**
 * Sigstore bundles in a registry, read and written as cosign v3 reads and writes them:
 * listed as cosign lists referrers (registry/referrers.ts: the API, or the fallback
 * tag); each referrer manifest read itself (a listing's artifactType is not believed);
 * written referrer first, then, where cosign reads the fallback tag, the fallback index.
 */






/** At most this many referrers of one digest are read (a listing is foreign data). */
const MAX_REFERRERS = 64;
/** A bundle is a few KB; one above this is not ours to read. */
const MAX_BUNDLE_BYTES = 1024 * 1024;
const SCAN_BUDGET_MS = 60_000;
/**
 * The Sigstore bundles attached to `digest` here: the listed manifests read (those the
 * listing calls bundles first, up to a count and a time budget), their bundle layers
 * fetched. A referrer or bundle that is gone, too large, or not what its digest says is
 * skipped; any other failure is thrown (a registry that cannot answer must not look
 * like "unsigned").
 */
async function readBundles(site, digest, referrers, now) {
    // A slow or crowded registry costs at most this much: past it, the rest is taken as unsigned.
    const until = now().getTime() + SCAN_BUDGET_MS;
    const bundleTyped = (d) => (d.artifactType === signing_artifact/* BUNDLE_MEDIA_TYPE */.NV ? 0 : 1);
    const candidates = referrers
        .filter((d) => d.mediaType === types/* OCI_MANIFEST */.EG && (0,oci_reference/* isDigest */.Bc)(d.digest))
        .sort((a, b) => bundleTyped(a) - bundleTyped(b))
        .slice(0, MAX_REFERRERS);
    const found = [];
    for (const { digest: referrer } of candidates) {
        if (now().getTime() > until)
            break;
        const bytes = await readBundle(site, digest, referrer);
        if (bytes)
            found.push({ referrer, bytes });
    }
    return found;
}
/** The bundle the referrer manifest `referrer` carries for `digest`, if it carries one. */
async function readBundle(site, digest, referrer) {
    const fetched = await skipGone(site.client.getManifest(site.repository, referrer));
    const layer = fetched && (0,signing_artifact/* bundleLayerOf */.Vj)(parsedObject(fetched.bytes), digest);
    if (!layer || layer.size > MAX_BUNDLE_BYTES)
        return undefined;
    return skipGone(site.client.blobs.get(site.repository, layer.digest, MAX_BUNDLE_BYTES));
}
/**
 * Attaches `referrer` (carrying `bundle`) here: blobs, the manifest, then, where cosign
 * does not count the referrers API (`api` false), the fallback index — whatever the
 * registry answered in OCI-Subject, since cosign then reads the fallback tag only.
 */
async function attach(site, digest, referrer, bundle, api) {
    const { client, repository } = site;
    const layerDigest = (0,oci_digest/* sha256Digest */.s)(bundle);
    if (!(await client.blobs.has(repository, signing_artifact/* EMPTY_CONFIG */.$v.digest)))
        await client.blobs.upload(repository, signing_artifact/* EMPTY_CONFIG */.$v.digest, signing_artifact/* EMPTY_CONFIG */.$v.size, async () => signing_artifact/* EMPTY_CONFIG_BYTES */.pA);
    if (!(await client.blobs.has(repository, layerDigest)))
        await client.blobs.upload(repository, layerDigest, bundle.length, async () => bundle);
    await client.putReferrer(repository, referrer.descriptor.digest, { bytes: referrer.bytes, mediaType: types/* OCI_MANIFEST */.EG });
    if (!api)
        await addToFallback(site, digest, referrer.descriptor);
}
/** Gone (404), not what its digest says, or larger than it may be: as if absent. */
async function skipGone(read) {
    try {
        return await read;
    }
    catch (error) {
        if (error instanceof ContentDigestError || error instanceof http/* TooLargeError */.qB)
            return undefined;
        if (error instanceof RegistryError && error.status === 404)
            return undefined;
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/signing/sign.ts
/**
 * Signs the final index digests verify wrote. `prepareSigning` runs before any write:
 * the token, its claims and expiry, and the trust root are checked there (the services
 * themselves are first called after the tags are written). Then per
 * digest: an existing bundle of the same identity is reused (no Sigstore call), else one
 * is made and checked; it is attached in every repository holding the digest, then read
 * back as a consumer reads it and verified.
 */





const PUBLIC_GOOD = {
    fulcio: 'https://fulcio.sigstore.dev',
    rekor: 'https://rekor.sigstore.dev',
    tsa: 'https://timestamp.sigstore.dev/api/v1/timestamp',
};
class SigningSetupError extends Error {
    name = 'SigningSetupError';
}
class SignatureCheckError extends Error {
    name = 'SignatureCheckError';
}
/**
 * The token (fetched now for its claims, and again for each certificate: one lives 10
 * minutes), who it names, how signatures are witnessed, and the trust root: everything
 * that can refuse signing, before verify writes a tag.
 */
async function prepareSigning(services, source, { log, now, signsAfterMs }) {
    const tokens = new Set();
    const fetchToken = async () => {
        const token = await source.fetch();
        if (!tokens.has(token))
            log.setSecret(token);
        tokens.add(token);
        return token;
    };
    const redact = (text) => [...tokens].reduce((t, token) => t.replaceAll(token, '***'), text);
    try {
        const claims = claimsOf(await fetchToken());
        // A token given once must last until the signing, after verify's waits; a renewable one is asked again then.
        assertUnexpired(claims, now() + (source.renewable ? 0 : signsAfterMs));
        const expected = expectedSigner(claims);
        const witnessing = chooseWitnessing(services.tlog, { rekor: services.rekorUrl, tsa: services.tsaUrl }, claims);
        const who = expected.identity ?? 'the subject of its token (the certificate will say)';
        log.info(`signing as ${who} (issuer ${expected.issuer ?? 'as certified'}), ${witnessing.rekor ? 'logged in Rekor' : 'timestamped, not logged'}: ${witnessing.why}`);
        if (!witnessing.rekor && !services.fulcioUrl)
            log.warning("public-good Fulcio logs every certificate it issues in its public certificate-transparency log, with the signer's identity in it: a repository whose names must stay private needs a private Sigstore (sigstore-fulcio-url, sigstore-tsa-url, sigstore-trusted-root)");
        const { openSigstore } = await Promise.all(/* import() */[__webpack_require__.e(830), __webpack_require__.e(275), __webpack_require__.e(816), __webpack_require__.e(341)]).then(__webpack_require__.bind(__webpack_require__, 38341));
        const sigstore = await openSigstore({
            fulcioUrl: services.fulcioUrl ?? PUBLIC_GOOD.fulcio,
            rekorUrl: services.rekorUrl ?? PUBLIC_GOOD.rekor,
            tsaUrl: services.tsaUrl ?? PUBLIC_GOOD.tsa,
            rekor: witnessing.rekor,
            ...(services.trustedRoot && { trustedRoot: services.trustedRoot }),
        }, fetchToken);
        return { sigstore, expected, witnessing, redact };
    }
    catch (error) {
        throw new SigningSetupError(`sign: ${redact((0,errors/* errorMessage */.gJ)(error))}`);
    }
}
/** Signs the plan's digests; `signer` undefined is a dry run (says what it would sign). */
async function signDigests(plan, signer, deps) {
    if (!signer)
        return { signed: plan.sign.map((d) => ({ ...sign_describe(d), bundle: 'would sign' })), failures: [] };
    const result = { signed: [], failures: [], witnessing: signer.witnessing };
    for (const item of plan.sign) {
        try {
            // Who signs: as predicted from the token, else as the first certificate said.
            const known = signer.expected.identity ? signer.expected : result.signer;
            const { signed, certified } = await signOne(item, signer, known, deps);
            result.signed.push(signed);
            result.signer ??= certified;
        }
        catch (error) {
            result.failures.push(`${item.digest} (${item.refs.join(', ')}): ${signer.redact((0,errors/* errorMessage */.gJ)(error))}`);
        }
    }
    return result;
}
async function signOne(item, signer, known, deps) {
    const { sigstore } = signer;
    const verified = (bytes, policy) => {
        try {
            return sigstore.verify(bytes, item.digest, policy);
        }
        catch {
            return undefined;
        }
    };
    const sites = await Promise.all(item.sites.map(async ({ registry, repository }) => {
        const site = { client: await deps.client(registry), repository };
        site.client.willPush(repository);
        const listing = await listReferrers(site, item.digest);
        // Only a known signer can recognise its own earlier signature.
        const ours = known
            ? (await readBundles(site, item.digest, listing.referrers, deps.now)).find((b) => verified(b.bytes, known))
            : undefined;
        return { site, api: listing.api, ours: ours?.bytes };
    }));
    const existing = sites.find((s) => s.ours)?.ours;
    const bundle = existing ?? (await sigstore.sign((0,signing_artifact/* signStatement */.fT)(item.digest)));
    // Checked before it is attached; the identity every later check and the printed command use is its certificate's.
    const certified = sigstore.verify(bundle, item.digest, {});
    if (known && !existing && (certified.identity !== known.identity || certified.issuer !== known.issuer))
        deps.log.warning(`Fulcio certified ${certified.identity} (issuer ${certified.issuer}), not ${known.identity} as expected: earlier signatures of that identity are not recognised as ours`);
    const missing = sites.filter((s) => !s.ours);
    for (const { site, api } of missing) {
        const referrer = (0,signing_artifact/* referrerManifest */.Dq)(bundle, item.subject, deps.now());
        await attach(site, item.digest, referrer, bundle, api);
        await readBack(site, item.digest, referrer.descriptor.digest, (bytes) => verified(bytes, certified) !== undefined);
    }
    const verb = existing ? 'reused the signature already made' : 'signed';
    deps.log.info(`${item.digest}: ${verb}; attached in ${missing.length} of ${sites.length} repositories (${item.refs.join(', ')})`);
    return { signed: { ...sign_describe(item), bundle: existing ? 'reused' : 'signed' }, certified };
}
/**
 * As `cosign verify` reads it (the API's first page, or the fallback tag as an OCI
 * index): the listing names our referrer, whose bundle verifies. What cosign cannot see
 * fails the step.
 */
async function readBack(site, digest, referrer, valid) {
    const where = `${site.client.registry}/${site.repository}`;
    const listing = await listReferrers(site, digest);
    if (!listing.referrers.some((d) => d.digest === referrer))
        throw new SignatureCheckError(`${where}: the referrers of ${digest} do not list the signature written (${referrer}) as cosign reads them (${listing.api ? 'the referrers API, its first page' : 'the fallback tag, as an OCI index'})`);
    const bytes = await readBundle(site, digest, referrer);
    if (!bytes || !valid(bytes))
        throw new SignatureCheckError(`${where}: the signature written is not found valid when read back`);
}
function sign_describe(item) {
    return { digest: item.digest, refs: item.refs, sites: item.sites.map((s) => `${s.registry}/${s.repository}`) };
}

;// CONCATENATED MODULE: ./src/verify/sign.ts








/**
 * Before any write: the signer, or what refuses it (a SigningSetupError, thrown), from
 * the token source validation resolved. `signsAfterMs`: how long verify waits and works
 * before it signs. Undefined in a dry run.
 */
async function signerFor(options, tokenSource, signsAfterMs, deps) {
    if (options.dryRun)
        return undefined;
    const clock = deps.clock ?? common_clock/* systemClock */.m;
    return prepareSigning(options.signing, tokenSource, {
        log: deps.log,
        now: () => clock.now(),
        signsAfterMs,
    });
}
/** After the tags converged: signs what may be signed. A failure here fails the step, never the tags' outputs. */
async function signTags(tags, unbuilt, signer, options, pool, deps) {
    const plan = planSigning(signableTags(tags, unbuilt));
    for (const { ref, why } of plan.refused)
        deps.log.warning(`${ref}: not signed: ${why}`);
    let result;
    try {
        result = await signDigests(plan, signer, {
            client: (registry) => pool.client(registry),
            log: deps.log,
            // The signing time on the injected clock, like every other time of the run.
            now: () => new Date((deps.clock ?? common_clock/* systemClock */.m).now()),
        });
    }
    catch (error) {
        result = { signed: [], failures: [signer ? signer.redact((0,errors/* errorMessage */.gJ)(error)) : (0,errors/* errorMessage */.gJ)(error)] };
    }
    const command = result.signer && result.witnessing && result.signed.length > 0
        ? cosignVerifyCommand(result.signed.flatMap((s) => s.refs), result.signer, {
            rekor: result.witnessing.rekor,
            ...(options.signing.trustedRoot && { trustedRoot: options.signing.trustedRoot }),
            insecure: signedSites(plan, result).some((site) => isInsecureRegistry(site.registry, options.insecureRegistries)),
        })
        : '';
    if (command)
        deps.log.info(`check the signatures with: ${command}`);
    const failures = [
        ...result.failures.map((f) => `signing ${f}`),
        ...(plan.refused.length > 0 && signer ? [`${plan.refused.length} tag(s) not signed (see the warnings)`] : []),
    ];
    return {
        outputs: { signed: JSON.stringify(result.signed), 'cosign-verify': command },
        summary: signingSummary(result, plan.refused, command),
        ...(failures.length > 0 && { failure: failures.join('; ') }),
    };
}
/** Where the signed digests live, as the plan names them (registry and repository apart, never split from text). */
function signedSites(plan, result) {
    const signed = new Set(result.signed.map((s) => s.digest));
    return plan.sign.filter((d) => signed.has(d.digest)).flatMap((d) => d.sites);
}
function signableTags({ plans, reports, records }, unbuilt) {
    return plans.map((plan) => {
        const report = reports.find((r) => r.ref === plan.ref);
        const releases = new Set(records.filter((r) => r.tags.includes(plan.ref)).map(records_record/* releaseOf */.l7));
        const absent = [...releases].flatMap((release) => unbuilt.get(release)?.platforms ?? []);
        const outcome = report.outcome;
        return {
            ref: plan.ref,
            registry: plan.registry,
            repository: plan.repository,
            // The run's entries as the tag's convergence last listed them: what signing may vouch for.
            runEntries: outcome?.runEntries ?? new Set(),
            missing: absent,
            ...(outcome && { written: { digest: outcome.digest, index: outcome.after, keptNewer: outcome.keptNewer } }),
            ...(report.error && { error: report.error }),
        };
    });
}
/** The signatures below the tags: short digests (whole on hover), one tag per line, who signed, how to check. */
function signingSummary(result, refused, command) {
    const rows = [
        ...result.signed.map((s) => [
            { html: (0,markdown/* shortDigest */.VK)(s.digest) },
            { html: s.refs.map(markdown/* code */.aY).join('<br>') },
            s.bundle,
        ]),
        ...result.failures.map((f) => ['', f, 'failed']),
        ...refused.map((r) => ['', `${r.ref}: ${r.why}`, 'not signed']),
    ];
    if (rows.length === 0)
        return '';
    const who = result.signer ? `\nSigner ${(0,markdown/* code */.aY)(result.signer.identity)}, issuer ${(0,markdown/* code */.aY)(result.signer.issuer)}.\n` : '';
    const check = command ? `\nCheck with:\n\n<pre>${(0,markdown/* escapeHtml */.ZD)(readableCommand(command))}</pre>\n` : '';
    return `\n### Signatures\n\n${(0,markdown/* markdownTable */.Qj)(['index digest', 'tags', 'signature'], rows)}${who}${check}`;
}
/** One flag per line (`\` continues it, the same command pasted); a command with quoted words is left whole. */
function readableCommand(command) {
    return /['"]/.test(command) ? command : command.replaceAll(' --', ' \\\n  --');
}

;// CONCATENATED MODULE: ./src/verify/cleanup.ts
const DEFAULT_GITHUB_API_URL = 'https://api.github.com';
async function withCleanup(result, { records, reports }, options, pool, deps) {
    const { cleanupRun } = await __webpack_require__.e(/* import() */ 722).then(__webpack_require__.bind(__webpack_require__, 90722));
    const finals = new Map(reports.map((r) => [r.ref, r.outcome?.digest]));
    const token = options.githubToken || deps.env.GITHUB_TOKEN;
    const step = await cleanupRun(records, finals, {
        ghcrRegistry: options.ghcrRegistry,
        ...(token && { token }),
        apiUrl: deps.env.GITHUB_API_URL || DEFAULT_GITHUB_API_URL,
        dryRun: options.dryRun,
    }, { client: (registry) => pool.client(registry), env: deps.env, log: deps.log, retry: deps.retry, clock: deps.clock });
    const failure = [result.failure, step.failure].filter(Boolean).join('; ');
    return { ...result, summary: result.summary + step.summary, ...(failure && { failure }) };
}

;// CONCATENATED MODULE: ./src/verify/mode.ts














async function runVerify({ options, records, plans, missing, unbuilt, tokenSource }, deps) {
    logOtherAnnotations(options.otherAnnotations, deps.log);
    for (const target of (0,verify_plan/* uncheckedReleases */.hk)(records)) {
        deps.log.warning(`target ${target}: its records state no target platforms (appended without a bake file), so a missing platform cannot be told: give append the bake file`);
    }
    deps.log.info(`${records.length} records, ${plans.length} tags`);
    for (const conflict of plans.flatMap((p) => p.choices.flatMap((c) => (c.conflict ? [c.conflict] : []))))
        deps.log.warning(conflict);
    const clock = deps.clock ?? common_clock/* systemClock */.m;
    // Everything that can refuse signing is checked before any write; the token must outlast the orphan wait.
    const signsAfterMs = (0,verify_plan/* orphanWait */.ES)(records, clock.now()).ms;
    const signer = tokenSource ? await signerFor(options, tokenSource, signsAfterMs, deps) : undefined;
    if (!options.dryRun)
        await waitForOrphans(records, clock, deps);
    const horizonSeconds = Math.max(records_record/* DEFAULT_ORPHAN_HORIZON_SECONDS */.BF, ...records.map((r) => r.orphanHorizon ?? 0));
    const horizon = new OrphanHorizon(horizonSeconds * 1000, clock);
    const pool = openRegistries(options.insecureRegistries, deps);
    // verify believes no record: each digest is read from the registry once and checked against the record.
    const source = new BuildSource(pool, deps.log, { copy: !options.dryRun, recordedEntries: false });
    try {
        // Releases (a target in its fan-out) not to publish: a lying record, or a platform without a record.
        const refused = await checkRecords(records, source);
        const published = (0,verify_plan/* allOrNothing */.G3)(missing, options.partial);
        for (const warning of published.partial)
            deps.log.warning(warning);
        for (const [release, why] of published.refused)
            refused.set(release, why);
        // A tag holding a union of the records (what the appends wrote) is known by its HEAD digest: no GET.
        const listing = { records, startedAt: -Infinity };
        const held = { latest: async () => listing, fresh: async () => listing };
        // One lookup per set of index annotations (a target's): each computes the bytes its tags' writers wrote.
        const lookups = new Map();
        const known = (annotations) => {
            const key = JSON.stringify(annotations);
            let lookup = lookups.get(key);
            if (!lookup)
                lookups.set(key, (lookup = new KnownIndexes(source, held, { annotations, now: () => clock.now() })));
            return lookup;
        };
        const context = {
            seen: new Map(),
            known,
            records,
            source,
            options,
            clock,
            horizon,
            deps,
        };
        const reports = await Promise.all(plans.map(async (plan) => {
            const platforms = targetPlatformsOf(plan.ref, records);
            const refusal = (0,verify_plan/* refusalOf */.Of)(plan.ref, records, refused);
            if (!refusal)
                return { ...(await verifyTag(plan, context)), ...(platforms && { targetPlatforms: platforms }) };
            const held = records.find((r) => r.tags.includes(plan.ref) && refused.has((0,records_record/* releaseOf */.l7)(r)));
            const absent = held && missing.get((0,records_record/* releaseOf */.l7)(held))?.platforms;
            return {
                ref: plan.ref,
                ours: plan.choices.map((c) => c.platform),
                error: refusal,
                ...(platforms && { targetPlatforms: platforms }),
                ...(absent && { missing: absent }),
            };
        }));
        const summaryContext = { mode: 'verify', ...(deps.run ?? (0,records_record/* currentRun */.xh)(deps.env)), at: clock.now() };
        const tags = reportTags({ title: 'bake-fanout verify', dryRun: options.dryRun, reports, context: summaryContext });
        const signing = options.sign
            ? await signTags({ plans, reports, records }, unbuilt, signer, options, pool, deps)
            : undefined;
        const result = withSigning(tags, signing);
        const cleaned = options.cleanup ? await withCleanup(result, { records, reports }, options, pool, deps) : result;
        deps.log.info(requestSummary(await pool.stats()));
        return cleaned;
    }
    finally {
        await pool.close();
    }
}
/** Every platform the tag's targets build, as their records say; undefined when no record says. */
function targetPlatformsOf(ref, records) {
    const stated = records.filter((r) => r.tags.includes(ref) && r.targetPlatforms);
    return stated.length > 0 ? [...new Set(stated.flatMap((r) => r.targetPlatforms))] : undefined;
}
/** The tags' result, with the signing step's outputs, summary and failure added. */
function withSigning(tags, signing) {
    if (!signing)
        return tags;
    const failure = [tags.failure, signing.failure].filter(Boolean).join('; ');
    return {
        outputs: { ...tags.outputs, ...signing.outputs },
        summary: tags.summary + signing.summary,
        ...(failure && { failure }),
    };
}
/**
 * Each record's digest read from the registry once (a digest is immutable; the read is
 * reused for the tags): a record whose digest does not hold the platforms it claims
 * makes its release (target in its fan-out) untrusted. Returns release → why. A digest the registry lacks is left
 * to the tag that needs it, which fails naming it.
 */
async function checkRecords(records, source) {
    const untrusted = new Map();
    await Promise.all(records.map(async (record) => {
        const near = (0,oci_reference/* parseReference */.F2)(record.repositories[0]);
        const build = await source.entriesOf(record, near).catch(() => undefined);
        const why = build && (0,records_record/* recordMismatch */.cL)(record, build.platforms);
        if (why && !untrusted.has((0,records_record/* releaseOf */.l7)(record)))
            untrusted.set((0,records_record/* releaseOf */.l7)(record), `${why}: none of ${record.target}'s tags is written`);
    }));
    return untrusted;
}
/** Waits until no append of the run can still have a write in flight (plan.ts, orphanWait). */
async function waitForOrphans(records, clock, deps) {
    const { ms, incomplete } = (0,verify_plan/* orphanWait */.ES)(records, clock.now());
    if (ms <= 0)
        return;
    const jobs = incomplete.map((r) => `${r.target} ${r.platforms.join(', ')}`);
    const why = incomplete.length > 0
        ? `${incomplete.length} record(s) of this run have no completion mark (${jobs.join('; ')}): a job crashed, was cancelled or could not mark it`
        : 'an append of this run reported an orphan horizon that has not passed on this clock';
    deps.log.info(`${why}; waiting ${(ms / 1000).toFixed(1)} s so that no write it left in flight lands after verify's`);
    await clock.sleep(ms);
}
async function verifyTag(plan, { seen, known, records, source, options, clock, horizon, deps }) {
    const ours = plan.choices.map((c) => c.platform);
    try {
        const client = await source.client(plan.registry);
        client.willPush(plan.repository);
        const outcome = await convergeTag(registryTag({
            client,
            repository: plan.repository,
            tag: plan.tag,
            horizon,
            clock,
            seen,
            known: (digest, bases) => known(plan.annotations).find(digest, plan, bases),
        }), () => source.forTag(plan, records), {
            annotations: plan.annotations,
            prune: options.prune,
            dryRun: options.dryRun,
            alwaysWrite: true,
            settleMs: 0,
            clock,
        });
        const kept = new Set(outcome.keptNewer.keys());
        const repairs = (0,verify_plan/* describeRepair */.D$)(outcome.before?.manifests ?? [], outcome.after.manifests, new Set(ours.filter((p) => !kept.has(p))));
        const conflicts = plan.choices.flatMap((c) => (c.conflict ? [`newest record used for ${c.platform}`] : []));
        const note = [...repairs, ...keptNewerNotes(outcome), ...conflicts].join('; ') || undefined;
        const verb = outcome.changed
            ? options.dryRun
                ? 'would repair'
                : 'repaired'
            : options.dryRun
                ? 'ok'
                : 'ok (rewritten)';
        deps.log.info(`${plan.ref}: ${verb}${note ? ` (${note})` : ''}`);
        for (const warning of outcomeWarnings(plan.ref, outcome))
            deps.log.warning(warning);
        return { ref: plan.ref, ours, outcome, ...(note && { note }) };
    }
    catch (error) {
        return { ref: plan.ref, ours, error: (0,errors/* errorMessage */.gJ)(error) };
    }
}

;// CONCATENATED MODULE: ./src/action/lazy-modes.ts
/**
 * The modes that talk to registries, behind one lazy import: `matrix` never loads the
 * registry client, and append and verify share one copy of it in the bundle.
 */




/***/ }),

/***/ 8448:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   r: () => (/* binding */ shellWord)
/* harmony export */ });
/** A word as a POSIX shell reads it back unchanged: bare when it holds nothing special, else single-quoted. */
function shellWord(word) {
    return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'"'"'`)}'`;
}


/***/ }),

/***/ 68825:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   i: () => (/* binding */ loadDigests),
/* harmony export */   s: () => (/* binding */ sha256Digest)
/* harmony export */ });
/**
 * node:crypto loads on the first digest or on `loadDigests`, not at start: its JavaScript
 * (~4 ms) is then off the path to the first request, on the CLI over plain HTTP (TLS, and
 * the Action's @actions/core, load it anyway).
 */
let createHash;
/** Loads what digests need: called while requests are out, it costs their answers nothing. */
function loadDigests() {
    if (!createHash) {
        createHash = process.getBuiltinModule('node:crypto').createHash;
        // The first SHA-256 context costs ~0.4 ms more than the next ones (OpenSSL fetches the algorithm): paid here too.
        createHash('sha256');
    }
    return createHash;
}
function sha256Digest(bytes) {
    return `sha256:${loadDigests()('sha256').update(bytes).digest('hex')}`;
}


/***/ }),

/***/ 87414:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ Connections)
/* harmony export */ });
/* unused harmony export DEFAULT_STALL_BOUNDS */
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _proxy_env_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(16073);
/**
 * The kept-alive connections of a run, shared by every registry: one agent per scheme,
 * certificate policy and proxy, and one TLS context per policy. A proxy's tunnel code
 * loads only when a proxy applies, and Node's TLS modules only when TLS is spoken.
 */


const DEFAULT_STALL_BOUNDS = { connectMs: 15_000, idleMs: 120_000 };
class Connections {
    env;
    bounds;
    agents = new Map();
    contexts = new Map();
    constructor(env, bounds = DEFAULT_STALL_BOUNDS) {
        this.env = env;
        this.bounds = bounds;
    }
    /** The route to `url`; `verify: false` skips certificate checks (an insecure registry's own host). */
    async route(url, verify) {
        const agent = await this.agentFor(url, verify);
        const { bounds } = this;
        if (url.protocol !== 'https:')
            return { agent, bounds };
        return { agent, bounds, tls: { secureContext: this.contextFor(verify), rejectUnauthorized: verify } };
    }
    /**
     * Called when the work is done: idle kept-alive connections are dropped at once (the
     * process would otherwise wait on them); a stream still open fails rather than hold it.
     */
    async destroy() {
        for (const agent of await Promise.all(this.agents.values()))
            agent.destroy();
    }
    agentFor(url, verify) {
        const proxy = (0,_proxy_env_js__WEBPACK_IMPORTED_MODULE_1__/* .proxyFor */ .i)(url, this.env);
        const key = `${url.protocol} ${verify ? 'verified' : 'unverified'} ${proxy ?? 'direct'}`;
        let agent = this.agents.get(key);
        if (!agent) {
            agent = createAgent(url.protocol, proxy);
            this.agents.set(key, agent);
        }
        return agent;
    }
    /**
     * Node builds a TLS context per connection unless given one, and each loads the CA
     * store (~9 ms here): one per policy serves them all. An unchecked one loads no CAs.
     * NODE_EXTRA_CA_CERTS is part of the default store.
     */
    contextFor(verify) {
        let context = this.contexts.get(verify);
        if (!context) {
            context = process.getBuiltinModule('node:tls').createSecureContext(verify ? {} : { ca: [] });
            this.contexts.set(verify, context);
        }
        return context;
    }
}
async function createAgent(protocol, proxy) {
    if (proxy) {
        // A CONNECT tunnel for both schemes (as undici did here before); the endpoint's TLS
        // options go through the request's.
        const { HttpsProxyAgent } = await Promise.all(/* import() */[__webpack_require__.e(830), __webpack_require__.e(870)]).then(__webpack_require__.bind(__webpack_require__, 26870));
        return new HttpsProxyAgent(proxy, { keepAlive: true });
    }
    // node:https loads with the first TLS route: a plain-HTTP (loopback) registry never needs it.
    if (protocol !== 'https:')
        return new node_http__WEBPACK_IMPORTED_MODULE_0__.Agent({ keepAlive: true });
    return new (process.getBuiltinModule('node:https').Agent)({ keepAlive: true });
}


/***/ }),

/***/ 58851:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cv: () => (/* binding */ exchange),
/* harmony export */   oB: () => (/* binding */ drained),
/* harmony export */   qB: () => (/* binding */ TooLargeError),
/* harmony export */   tk: () => (/* binding */ readLimited),
/* harmony export */   vf: () => (/* binding */ discard)
/* harmony export */ });
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(57075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_1__);


/** An unwanted body larger than this costs its connection rather than the time to read it. */
const DISCARD_LIMIT = 256 * 1024;
function exchange(url, { method, headers, body, signal, route }) {
    return new Promise((resolve, reject) => {
        // node:https (and with it tls and all of crypto's JavaScript) loads only when TLS is spoken.
        // The route's agent speaks the scheme; the function still follows it, because a proxy's
        // agent (agent-base) tells a TLS endpoint by the module that called it (client.itg's proxy tests).
        const send = url.protocol === 'https:' ? process.getBuiltinModule('node:https').request : node_http__WEBPACK_IMPORTED_MODULE_0__.request;
        // The TLS options ride on the request: a proxy's tunnel applies them to the endpoint too.
        const { idleMs, connectMs } = route.bounds;
        const req = send(url, { method, headers, agent: route.agent, ...route.tls, timeout: idleMs });
        let answer;
        // A stall in the body fails the body's reader with this error, not a bare reset.
        req.on('timeout', () => (answer ?? req).destroy(stalled(`no data for ${idleMs / 1000} s`)));
        req.on('socket', (socket) => boundConnect(socket, req, connectMs));
        req.on('error', reject);
        if (signal)
            abortOn(signal, req);
        req.on('response', (message) => {
            answer = message;
            // A body that fails before its reader attaches must not crash the process: the
            // reader still meets the error (the stream is destroyed with it).
            message.on('error', () => { });
            resolve({ statusCode: message.statusCode ?? 0, headers: message.headers, body: message });
        });
        if (body === undefined || typeof body === 'string' || Buffer.isBuffer(body))
            req.end(body);
        else
            (0,node_stream__WEBPACK_IMPORTED_MODULE_1__.pipeline)(body, req, () => { }); // a failing body destroys the request: its 'error' rejects
    });
}
/**
 * Ends the exchange when `signal` aborts, wherever it is: no answer yet (it fails with an
 * AbortError), a body being read (its reader fails as a reset one does, ECONNRESET, which
 * callers retry as before), a body still being sent after the answer (the connection
 * goes). Hooked by hand rather than as http.request's `signal`, whose hookup (an
 * end-of-stream watch on every request, and Node compiling it on the first) cost a job's
 * first requests ~1.5 ms of its critical path; the effect is the same, the request
 * destroyed. The one listener goes when the request closes: an attempt's signal lives
 * until its timer fires, and would hold every request it bounded.
 */
function abortOn(signal, req) {
    const abort = () => void req.destroy(aborted(signal));
    if (signal.aborted)
        return abort();
    signal.addEventListener('abort', abort);
    req.once('close', () => signal.removeEventListener('abort', abort));
}
/** As Node's own abort names it (client.ts and auth.ts tell their timeout by the signal, not by this error). */
function aborted(signal) {
    return Object.assign(new Error('The operation was aborted', { cause: signal.reason }), {
        name: 'AbortError',
        code: 'ABORT_ERR',
    });
}
/** Reads and drops an answer's body, so its connection is kept; never throws. */
async function discard(res) {
    let size = 0;
    // An unwanted body that fails, or is larger than the limit, costs only its connection.
    await eachChunk(res.body, (chunk) => (size += chunk.length) <= DISCARD_LIMIT).catch(() => { });
}
/** The answer's status and headers, its body drained (the connection goes back to the pool). */
async function drained(res) {
    await discard(res);
    return res;
}
/** An answer larger than the bound on what it may be (a manifest, an error body, a small blob). */
class TooLargeError extends Error {
    name = 'TooLargeError';
}
/** A whole body, refused past `limit` bytes. */
async function readLimited(res, limit, what) {
    // A declared length past the limit is refused before a byte is read (not after the attempt's bound).
    const declared = Number(res.headers['content-length'] ?? NaN);
    if (declared > limit) {
        res.body.destroy();
        throw new TooLargeError(`${what} is larger than ${limit} bytes (Content-Length ${declared})`);
    }
    const chunks = [];
    let size = 0;
    await eachChunk(res.body, (chunk) => {
        size += chunk.length;
        if (size > limit)
            return false;
        chunks.push(chunk);
        return true;
    });
    if (size > limit)
        throw new TooLargeError(`${what} is larger than ${limit} bytes`);
    return Buffer.concat(chunks);
}
/**
 * Hands the body's chunks to `take` until its end, or until `take` answers false (the body
 * is then destroyed, and this resolves). Listeners, not `for await`: an async iterator
 * costs every answer its own machinery, and the first one ~0.5 ms of Node compiling it,
 * on each request's path. Fails as that iterator fails: with the body's error (a reset
 * is ECONNRESET, retried), or when the body closes before its end.
 */
function eachChunk(body, take) {
    return new Promise((resolve, reject) => {
        // A body that failed, ended or closed before this reader came (exchange keeps its error).
        if (body.errored)
            return reject(body.errored);
        if (body.readableEnded)
            return resolve();
        if (body.destroyed)
            return reject(prematureClose());
        // The first of these settles it; the error for a close without an end is made only then
        // (every body closes after its end, and an error costs its stack trace).
        let done = false;
        const settle = (how) => {
            if (done)
                return;
            done = true;
            how();
        };
        body.on('data', (chunk) => {
            if (done || take(chunk))
                return;
            settle(resolve);
            body.destroy();
        });
        body.once('end', () => settle(resolve));
        body.once('error', (error) => settle(() => reject(error)));
        body.once('close', () => settle(() => reject(prematureClose())));
        body.resume(); // a 'data' listener alone does not restart a body someone paused
    });
}
function prematureClose() {
    return Object.assign(new Error('the answer closed before its end'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}
function boundConnect(socket, req, connectMs) {
    if (!socket.connecting)
        return;
    const timer = setTimeout(() => req.destroy(stalled(`no connection within ${connectMs / 1000} s`)), connectMs);
    timer.unref();
    const clear = () => clearTimeout(timer);
    socket.once('connect', clear);
    socket.once('close', clear);
}
function stalled(message) {
    return Object.assign(new Error(message), { code: 'ETIMEDOUT' });
}


/***/ }),

/***/ 16073:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   i: () => (/* binding */ proxyFor)
/* harmony export */ });
function proxyFor(url, env) {
    const httpProxy = env.http_proxy || env.HTTP_PROXY;
    const proxy = url.protocol === 'https:' ? env.https_proxy || env.HTTPS_PROXY || httpProxy : httpProxy;
    if (!proxy || bypassesProxy(url, env.no_proxy || env.NO_PROXY || ''))
        return undefined;
    return proxy.includes('://') ? proxy : `http://${proxy}`;
}
function bypassesProxy(url, noProxy) {
    const host = unbracket(url.hostname).toLowerCase();
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    return noProxy
        .split(/[\s,]+/)
        .filter(Boolean)
        .some((entry) => {
        if (entry === '*')
            return true;
        const [name, entryPort] = hostAndPort(entry);
        if (entryPort && entryPort !== port)
            return false;
        const domain = unbracket(name)
            .replace(/^\*?\./, '')
            .toLowerCase();
        return domain !== '' && (host === domain || host.endsWith(`.${domain}`));
    });
}
/** `host`, `host:port`, `[v6]:port`, or a bare IPv6 address (whose colons are not a port). */
function hostAndPort(entry) {
    if (!entry.startsWith('[') && entry.split(':').length > 2)
        return [entry, undefined];
    const match = /^(.*?)(?::(\d+))?$/.exec(entry);
    return [match?.[1] ?? entry, match?.[2]];
}
function unbracket(host) {
    return host.replace(/^\[(.*)\]$/, '$1');
}


/***/ }),

/***/ 41521:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $6: () => (/* binding */ RetriesSpentError),
/* harmony export */   Hr: () => (/* binding */ isRetryableNetworkError),
/* harmony export */   bD: () => (/* binding */ withRetry),
/* harmony export */   dQ: () => (/* binding */ realClock),
/* harmony export */   dw: () => (/* binding */ RetryableError),
/* harmony export */   mu: () => (/* binding */ parseRetryAfter),
/* harmony export */   vI: () => (/* binding */ DEFAULT_RETRY)
/* harmony export */ });
/* unused harmony export isTemporary */
/* harmony import */ var _common_clock_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(39987);
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(71922);
/**
 * Retries with exponential backoff and full jitter on 429, 5xx and connection
 * failures, honouring Retry-After, bounded in attempts and in total time. Distribution
 * answers 500 to a manifest GET racing a PUT of the same tag, so this is needed for
 * correctness, not only for flaky networks.
 */


/**
 * Ten tries: with independent faults at rate p a request is lost with probability
 * p^10 (1e-7 at a hostile 20%; six tries gave 6e-5, which an append of ~50 requests
 * times many jobs does meet). A registry that is really down is still given up on
 * within the budget: the sleeps add up to ~20 s on average, 40 s at most.
 */
const DEFAULT_RETRY = { attempts: 10, baseDelayMs: 250, maxDelayMs: 8000, budgetMs: 60000 };
/** Retrying ran out; `cause` is the last attempt's error, with its kind (status, codes) intact. */
class RetriesSpentError extends Error {
    name = 'RetriesSpentError';
}
/** A failure worth trying again; `retryAfterMs` is the server's own wish. */
class RetryableError extends Error {
    retryAfterMs;
    isTemporary = true;
    constructor(message, retryAfterMs) {
        super(message);
        this.retryAfterMs = retryAfterMs;
        this.name = 'RetryableError';
    }
}
const RETRYABLE_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'ECONNABORTED',
    'EPIPE',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'ENETUNREACH',
]);
/** What says it is not temporary (an AuthError, its retries spent) is not, whatever its cause. */
function isTemporary(error) {
    const flag = error?.isTemporary;
    return flag ?? isRetryableNetworkError(error);
}
/** Connection-level failures (resets, timeouts, a stall), by node's error codes. */
function isRetryableNetworkError(error) {
    const e = error;
    return RETRYABLE_CODES.has(e?.code ?? '') || RETRYABLE_CODES.has(e?.cause?.code ?? '');
}
/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
function parseRetryAfter(value, now) {
    if (!value)
        return undefined;
    if (/^\d+$/.test(value.trim()))
        return Number(value.trim()) * 1000;
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
const realClock = _common_clock_js__WEBPACK_IMPORTED_MODULE_0__/* .systemClock */ .m;
/** Runs `attempt` until it succeeds, throws a non-retryable error, or the policy is spent. */
async function withRetry(attempt, policy, clock = _common_clock_js__WEBPACK_IMPORTED_MODULE_0__/* .systemClock */ .m) {
    const start = clock.now();
    for (let tried = 1;; tried++) {
        try {
            return await attempt();
        }
        catch (error) {
            if (!isTemporary(error))
                throw error;
            const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (tried - 1)) * clock.random();
            const delay = Math.max(backoff, error.retryAfterMs ?? 0);
            const spent = `${(0,_common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)} (gave up after ${tried} tries in ${clock.now() - start} ms)`;
            if (tried >= policy.attempts || clock.now() + delay > start + policy.budgetMs)
                throw new RetriesSpentError(spent, { cause: error });
            await clock.sleep(delay);
        }
    }
}


/***/ }),

/***/ 91705:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $v: () => (/* binding */ EMPTY_CONFIG),
/* harmony export */   Dq: () => (/* binding */ referrerManifest),
/* harmony export */   IQ: () => (/* binding */ statementSubject),
/* harmony export */   NV: () => (/* binding */ BUNDLE_MEDIA_TYPE),
/* harmony export */   T4: () => (/* binding */ IN_TOTO_PAYLOAD_TYPE),
/* harmony export */   Vj: () => (/* binding */ bundleLayerOf),
/* harmony export */   fT: () => (/* binding */ signStatement),
/* harmony export */   pA: () => (/* binding */ EMPTY_CONFIG_BYTES)
/* harmony export */ });
/* unused harmony export COSIGN_SIGN_PREDICATE */
/* harmony import */ var _common_json_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(29927);
/* harmony import */ var _oci_digest_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(68825);
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(62148);
/* harmony import */ var _oci_types_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3048);
/**
 * What a signature is, as bytes (pure): the in-toto statement cosign v3 signs for an
 * image, and the referrer manifest that carries its Sigstore bundle (cosign's bundle
 * spec: OCI 1.1 artifact, empty config, one layer). The fallback index that lists
 * referrers is registry protocol (registry/referrers.ts).
 */




const BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const COSIGN_SIGN_PREDICATE = 'https://sigstore.dev/cosign/sign/v1';
const IN_TOTO_STATEMENT = 'https://in-toto.io/Statement/v1';
/** The OCI empty descriptor's content, `{}`. */
const EMPTY_CONFIG = {
    mediaType: 'application/vnd.oci.empty.v1+json',
    digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
    size: 2,
};
const EMPTY_CONFIG_BYTES = Buffer.from('{}');
/** The statement `cosign sign` (v3) signs for an image: its digest, and no claim besides. */
function signStatement(digest) {
    const hex = (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .assertDigest */ .V7)(digest, 'subject').slice('sha256:'.length);
    return Buffer.from(JSON.stringify({
        _type: IN_TOTO_STATEMENT,
        subject: [{ digest: { sha256: hex } }],
        predicateType: COSIGN_SIGN_PREDICATE,
        predicate: {},
    }));
}
/**
 * The digest a DSSE payload vouches for, when it is the statement above (any subject
 * name, one subject); undefined for anything else.
 */
function statementSubject(payload) {
    let statement;
    try {
        statement = JSON.parse(payload.toString('utf8'));
    }
    catch {
        return undefined;
    }
    if (!(0,_common_json_js__WEBPACK_IMPORTED_MODULE_2__/* .isJsonObject */ .O)(statement) || statement._type !== IN_TOTO_STATEMENT)
        return undefined;
    if (statement.predicateType !== COSIGN_SIGN_PREDICATE || !Array.isArray(statement.subject))
        return undefined;
    if (statement.subject.length !== 1 || !(0,_common_json_js__WEBPACK_IMPORTED_MODULE_2__/* .isJsonObject */ .O)(statement.subject[0]))
        return undefined;
    const digests = statement.subject[0].digest;
    const hex = (0,_common_json_js__WEBPACK_IMPORTED_MODULE_2__/* .isJsonObject */ .O)(digests) ? digests.sha256 : undefined;
    return typeof hex === 'string' && /^[a-f0-9]{64}$/.test(hex) ? `sha256:${hex}` : undefined;
}
/** The referrer manifest that attaches `bundle` to `subject`. */
function referrerManifest(bundle, subject, created) {
    const annotations = {
        'dev.sigstore.bundle.content': 'dsse-envelope',
        'dev.sigstore.bundle.predicateType': COSIGN_SIGN_PREDICATE,
        'org.opencontainers.image.created': created.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
    const manifest = {
        schemaVersion: 2,
        mediaType: _oci_types_js__WEBPACK_IMPORTED_MODULE_1__/* .OCI_MANIFEST */ .EG,
        artifactType: BUNDLE_MEDIA_TYPE,
        config: EMPTY_CONFIG,
        layers: [{ mediaType: BUNDLE_MEDIA_TYPE, digest: (0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_3__/* .sha256Digest */ .s)(bundle), size: bundle.length }],
        subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
        annotations,
    };
    const bytes = Buffer.from(JSON.stringify(manifest));
    const descriptor = {
        mediaType: _oci_types_js__WEBPACK_IMPORTED_MODULE_1__/* .OCI_MANIFEST */ .EG,
        digest: (0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_3__/* .sha256Digest */ .s)(bytes),
        size: bytes.length,
        artifactType: BUNDLE_MEDIA_TYPE,
        annotations,
    };
    return { bytes, descriptor };
}
/**
 * The referrer manifest's fields that say it carries a Sigstore bundle v0.3, and that
 * bundle's layer; undefined for any other manifest (read the manifest, not the
 * listing: some tools list the wrong artifactType in fallback indexes).
 */
function bundleLayerOf(manifest, subject) {
    if (!(0,_common_json_js__WEBPACK_IMPORTED_MODULE_2__/* .isJsonObject */ .O)(manifest) || manifest.mediaType !== _oci_types_js__WEBPACK_IMPORTED_MODULE_1__/* .OCI_MANIFEST */ .EG)
        return undefined;
    const config = (0,_common_json_js__WEBPACK_IMPORTED_MODULE_2__/* .isJsonObject */ .O)(manifest.config) ? manifest.config : undefined;
    const type = manifest.artifactType ?? config?.mediaType;
    if (type !== BUNDLE_MEDIA_TYPE)
        return undefined;
    if (!(0,_common_json_js__WEBPACK_IMPORTED_MODULE_2__/* .isJsonObject */ .O)(manifest.subject) || manifest.subject.digest !== subject)
        return undefined;
    const layers = Array.isArray(manifest.layers) ? manifest.layers : [];
    const layer = layers.find((l) => (0,_common_json_js__WEBPACK_IMPORTED_MODULE_2__/* .isJsonObject */ .O)(l) && l.mediaType === BUNDLE_MEDIA_TYPE);
    if (!(0,_common_json_js__WEBPACK_IMPORTED_MODULE_2__/* .isJsonObject */ .O)(layer) || !(0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .isDigest */ .Bc)(layer.digest) || typeof layer.size !== 'number')
        return undefined;
    return { mediaType: BUNDLE_MEDIA_TYPE, digest: layer.digest, size: layer.size };
}


/***/ })

};
