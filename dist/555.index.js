export const id = 555;
export const ids = [555];
export const modules = {

/***/ 64112:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DE: () => (/* binding */ CREATED),
/* harmony export */   Gn: () => (/* binding */ withAttestations),
/* harmony export */   H3: () => (/* binding */ isAttestation),
/* harmony export */   Io: () => (/* binding */ imageEntries),
/* harmony export */   Js: () => (/* binding */ attestedDigest),
/* harmony export */   Wt: () => (/* binding */ platformsOf),
/* harmony export */   YC: () => (/* binding */ createdOf),
/* harmony export */   _B: () => (/* binding */ entriesForPlatforms),
/* harmony export */   fx: () => (/* binding */ imagesByPlatform),
/* harmony export */   tj: () => (/* binding */ platformOf)
/* harmony export */ });
/* harmony import */ var _oci_types_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3048);
/* harmony import */ var _platform_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(37);
/**
 * The entries of an image index, as buildx writes them: image manifests with a
 * platform, and attestation manifests (platform `unknown/unknown`) that name the image
 * they attest in `vnd.docker.reference.digest`. Everything that asks "which image is
 * for which platform" or "which attestations go with this image" asks here.
 */


function isAttestation(entry) {
    return entry.annotations?.[_oci_types_js__WEBPACK_IMPORTED_MODULE_0__/* .REFERENCE_TYPE */ .pz] === _oci_types_js__WEBPACK_IMPORTED_MODULE_0__/* .ATTESTATION_MANIFEST */ .lL || (0,_platform_js__WEBPACK_IMPORTED_MODULE_1__/* .isUnknownPlatform */ ._H)(entry.platform);
}
/** The image an attestation manifest attests ('' when it names none). */
function attestedDigest(entry) {
    return entry.annotations?.[_oci_types_js__WEBPACK_IMPORTED_MODULE_0__/* .REFERENCE_DIGEST */ .R7] ?? '';
}
/** The image entries (attestations excluded), in index order. */
function imageEntries(entries) {
    return entries.filter((e) => !isAttestation(e) && e.platform !== undefined);
}
/** The identity of an image entry's platform. */
function platformOf(image) {
    return (0,_platform_js__WEBPACK_IMPORTED_MODULE_1__/* .platformKey */ .Ng)(image.platform);
}
/** Platform keys of the image entries, in index order. */
function platformsOf(entries) {
    return imageEntries(entries).map(platformOf);
}
/** Image entries by platform (a platform held twice keeps every entry, in order). */
function imagesByPlatform(entries) {
    const byPlatform = new Map();
    for (const image of imageEntries(entries)) {
        const key = platformOf(image);
        byPlatform.set(key, [...(byPlatform.get(key) ?? []), image]);
    }
    return byPlatform;
}
/** The given images and the attestations in `entries` that attest them, in `entries` order. */
function withAttestations(entries, images) {
    const digests = new Set(images.map((e) => e.digest));
    return entries.filter((e) => digests.has(e.digest) || (isAttestation(e) && digests.has(attestedDigest(e))));
}
/** A build's entries for some of its platforms: those images and their attestations. */
function entriesForPlatforms(entries, platforms) {
    return withAttestations(entries, imageEntries(entries).filter((e) => platforms.has(platformOf(e))));
}
/** The descriptor annotation that carries a build's time: newest build wins. */
const CREATED = 'org.opencontainers.image.created';
function createdOf(entry) {
    return entry.annotations?.[CREATED];
}


/***/ }),

/***/ 3048:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $p: () => (/* binding */ OCI_INDEX),
/* harmony export */   R7: () => (/* binding */ REFERENCE_DIGEST),
/* harmony export */   V: () => (/* binding */ INDEX_TYPES),
/* harmony export */   Vv: () => (/* binding */ DOCKER_MANIFEST),
/* harmony export */   dY: () => (/* binding */ MANIFEST_ACCEPT),
/* harmony export */   eG: () => (/* binding */ IMAGE_TYPES),
/* harmony export */   lL: () => (/* binding */ ATTESTATION_MANIFEST),
/* harmony export */   m6: () => (/* binding */ DOCKER_MANIFEST_LIST),
/* harmony export */   pz: () => (/* binding */ REFERENCE_TYPE)
/* harmony export */ });
/* unused harmony export OCI_MANIFEST */
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
/**
 * Every manifest type we can read. Always sent together: distribution 2.8 answers
 * 404 MANIFEST_UNKNOWN for an existing index when the OCI index type is missing.
 */
const MANIFEST_ACCEPT = [OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST];
const INDEX_TYPES = new Set([OCI_INDEX, DOCKER_MANIFEST_LIST]);
const IMAGE_TYPES = new Set([OCI_MANIFEST, DOCKER_MANIFEST]);
/** buildx marks attestation manifests in an index with these annotations. */
const REFERENCE_TYPE = 'vnd.docker.reference.type';
const REFERENCE_DIGEST = 'vnd.docker.reference.digest';
const ATTESTATION_MANIFEST = 'attestation-manifest';


/***/ }),

/***/ 76662:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GZ: () => (/* binding */ assertActionsRuntime),
/* harmony export */   lg: () => (/* binding */ actionsArtifactService),
/* harmony export */   ob: () => (/* binding */ hasArtifactService)
/* harmony export */ });
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(71922);
/**
 * @actions/artifact behind the ArtifactService boundary; loaded only when used (it
 * makes most of the bundle). It needs the Actions runtime, read from `env`.
 */

/**
 * Whether the run's artifact service is the v4 one, consistent read-after-write, that
 * the records rely on: GitHub.com and GHE.com have it, GitHub Enterprise Server does not
 * (the rule @actions/artifact applies, from GITHUB_SERVER_URL).
 */
function hasArtifactService(env) {
    const host = new URL(env.GITHUB_SERVER_URL || 'https://github.com').hostname.toLowerCase();
    return host === 'github.com' || host.endsWith('.ghe.com') || host.endsWith('.localhost');
}
/** `records: artifact` needs the runner's artifact service: refused up front elsewhere. */
function assertActionsRuntime(env) {
    if (!env.ACTIONS_RUNTIME_TOKEN) {
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .d('records', "'artifact' needs the GitHub Actions runtime (ACTIONS_RUNTIME_TOKEN); elsewhere give a directory");
    }
}
async function actionsArtifactService(env) {
    assertActionsRuntime(env);
    const { DefaultArtifactClient } = await Promise.all(/* import() */[__webpack_require__.e(260), __webpack_require__.e(13)]).then(__webpack_require__.bind(__webpack_require__, 48013));
    const client = new DefaultArtifactClient();
    const call = async (what, action) => {
        try {
            return await action();
        }
        catch (error) {
            throw new Error(`workflow artifacts: ${what} failed: ${error.message}`);
        }
    };
    return {
        upload: (name, file, rootDirectory) => call(`upload of ${name}`, () => client.uploadArtifact(name, [file], rootDirectory)).then(() => { }),
        list: () => call('listing', () => client.listArtifacts({ latest: true })).then((r) => r.artifacts.map((a) => ({ id: a.id, name: a.name }))),
        download: (id, dir) => call(`download of artifact ${id}`, () => client.downloadArtifact(id, { path: dir })).then(() => { }),
        delete: (name) => call(`deletion of ${name}`, () => client.deleteArtifact(name)).then(() => { }),
    };
}


/***/ }),

/***/ 25385:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BM: () => (/* binding */ newestByPlatform),
/* harmony export */   Hh: () => (/* binding */ parseRecord),
/* harmony export */   RI: () => (/* binding */ RECORD_PREFIX),
/* harmony export */   xD: () => (/* binding */ recordName),
/* harmony export */   xh: () => (/* binding */ currentRun)
/* harmony export */ });
/* unused harmony export isNewerRecord */
/* harmony import */ var _bake_types_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(22336);
/* harmony import */ var _common_slug_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9510);
/* harmony import */ var _index_model_platform_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(37);
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(62148);
/**
 * A record: what one append built and where it belongs (docs/design.md, "Records"),
 * the run's source of truth for appends and verify. Pure: the shape, its validation
 * and its name.
 */




/** The run a mode belongs to, from the runner's environment. */
function currentRun(env) {
    return { runId: env.GITHUB_RUN_ID || 'local', runAttempt: Number(env.GITHUB_RUN_ATTEMPT ?? 1) || 1 };
}
/** Between two records of one platform: the higher attempt, then the later time. */
function isNewerRecord(a, b) {
    if (a.runAttempt !== b.runAttempt)
        return a.runAttempt > b.runAttempt;
    return Date.parse(a.createdAt) > Date.parse(b.createdAt);
}
/** For each platform the records name, the newest record; with every record of that platform. */
function newestByPlatform(records) {
    const byPlatform = new Map();
    for (const record of records) {
        for (const platform of record.platforms) {
            const seen = byPlatform.get(platform);
            if (!seen)
                byPlatform.set(platform, { newest: record, all: [record] });
            else {
                seen.all.push(record);
                if (isNewerRecord(record, seen.newest))
                    seen.newest = record;
            }
        }
    }
    return byPlatform;
}
const RECORD_PREFIX = 'bake-fanout-';
/** `bake-fanout-<slug>`: the artifact name (unique within a run, as the matrix slugs are). */
function recordName(target, platforms) {
    return RECORD_PREFIX + platforms.map((p) => (0,_common_slug_js__WEBPACK_IMPORTED_MODULE_3__/* .slugFor */ .P)(target, p)).join('_');
}
/** Validates a record read back from storage; `source` names it in errors. */
function parseRecord(json, source) {
    const fail = (what) => {
        throw new Error(`record ${source}: ${what}`);
    };
    if (!(0,_bake_types_js__WEBPACK_IMPORTED_MODULE_0__/* .isJsonObject */ .O)(json) || json.version !== 1)
        return fail('not a version 1 bake-fanout record');
    const strings = (v, what) => Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string')
        ? v
        : fail(`${what} must be a non-empty list`);
    if (typeof json.target !== 'string' || json.target === '')
        fail('no target');
    const platforms = strings(json.platforms, 'platforms').map((p) => (0,_index_model_platform_js__WEBPACK_IMPORTED_MODULE_1__/* .formatPlatform */ .Bq)((0,_index_model_platform_js__WEBPACK_IMPORTED_MODULE_1__/* .parsePlatform */ .Y8)(p)));
    const digest = (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .assertDigest */ .V7)(json.digest, `record ${source} digest`);
    const repositories = strings(json.repositories, 'repositories').map((r) => (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .repositoryName */ .aR)((0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .parseReference */ .F2)(r)));
    const tags = strings(json.tags, 'tags').map(_oci_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .normalizeTag */ .CW);
    if (typeof json.mediaType !== 'string' || typeof json.size !== 'number')
        fail('no mediaType or size');
    const createdAt = typeof json.createdAt === 'string' && !Number.isNaN(Date.parse(json.createdAt))
        ? json.createdAt
        : fail('no createdAt');
    const runAttempt = typeof json.runAttempt === 'number' ? json.runAttempt : 1;
    // Records of before runId was kept cannot be told apart by run: they count as local.
    const runId = typeof json.runId === 'string' && json.runId !== '' ? json.runId : 'local';
    return {
        version: 1,
        target: json.target,
        platforms,
        digest,
        mediaType: json.mediaType,
        size: json.size,
        repositories,
        tags,
        createdAt,
        runId,
        runAttempt,
    };
}


/***/ }),

/***/ 73771:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   TD: () => (/* binding */ openRecordStore),
/* harmony export */   Yh: () => (/* binding */ prepareRecordDirectory)
/* harmony export */ });
/* unused harmony exports DirectoryRecordStore, ArtifactRecordStore */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(71922);
/* harmony import */ var _record_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(25385);
/**
 * Where records live: files in a directory, or workflow artifacts `bake-fanout-<slug>`
 * inside Actions. Both are read-after-write consistent (a rename in one directory; the
 * v4 artifact service serves an artifact from its API once the upload returns), which
 * is what the convergence of append rests on. The artifact service is reached only
 * through ArtifactService.
 */






/**
 * Records as `<dir>/bake-fanout-<slug>.<runId>.<attempt>.json`: runs and attempts that
 * share a directory do not overwrite each other. Written to a temporary name, then
 * renamed: a reader sees a whole record or none.
 */
class DirectoryRecordStore {
    dir;
    description;
    constructor(dir) {
        this.dir = dir;
        this.description = `directory ${dir}`;
    }
    async save(record) {
        const name = `${(0,_record_js__WEBPACK_IMPORTED_MODULE_5__/* .recordName */ .xD)(record.target, record.platforms)}.${record.runId}.${record.runAttempt}.json`;
        const temporary = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(this.dir, `.${name}.${process.pid}.tmp`);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(this.dir, { recursive: true });
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(temporary, JSON.stringify(record, null, 2) + '\n');
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(temporary, node_path__WEBPACK_IMPORTED_MODULE_3___default().join(this.dir, name));
    }
    async loadAll() {
        return readRecordFiles(this.dir);
    }
}
class ArtifactRecordStore {
    service;
    description = 'workflow artifacts';
    /** Artifacts are immutable (a replaced one gets a new id): each is downloaded once. */
    downloaded = new Map();
    constructor(service) {
        this.service = service;
    }
    async save(record) {
        const name = (0,_record_js__WEBPACK_IMPORTED_MODULE_5__/* .recordName */ .xD)(record.target, record.platforms);
        const dir = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdtemp)(node_path__WEBPACK_IMPORTED_MODULE_3___default().join((0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)(), 'bake-fanout-record-'));
        const file = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(dir, `${name}.json`);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(file, JSON.stringify(record, null, 2) + '\n');
        try {
            // A re-run of the job meets its earlier attempt's artifact (names are unique per run): replace it.
            if ((await this.service.list()).some((a) => a.name === name))
                await this.service.delete(name);
            await this.service.upload(name, file, dir);
        }
        finally {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(dir, { recursive: true, force: true });
        }
    }
    async loadAll() {
        const artifacts = (await this.service.list()).filter((a) => a.name.startsWith(_record_js__WEBPACK_IMPORTED_MODULE_5__/* .RECORD_PREFIX */ .RI));
        const records = await Promise.all(artifacts.map((a) => this.download(a.id)));
        return records.flat();
    }
    download(id) {
        let records = this.downloaded.get(id);
        if (!records) {
            records = (async () => {
                const dir = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdtemp)(node_path__WEBPACK_IMPORTED_MODULE_3___default().join((0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)(), 'bake-fanout-records-'));
                try {
                    await this.service.download(id, dir);
                    return await readRecordFiles(dir);
                }
                finally {
                    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(dir, { recursive: true, force: true });
                }
            })();
            records.catch(() => this.downloaded.delete(id));
            this.downloaded.set(id, records);
        }
        return records;
    }
}
async function readRecordFiles(dir) {
    let files;
    try {
        files = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(dir, { recursive: true })).filter((f) => f.endsWith('.json') && !f.startsWith('.'));
    }
    catch (error) {
        const code = error.code;
        if (code === 'ENOENT')
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .InputError */ .d('records', `directory '${dir}' does not exist`);
        if (code === 'ENOTDIR')
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .InputError */ .d('records', `'${dir}' is not a directory`);
        throw error;
    }
    const records = [];
    for (const file of files.sort()) {
        const text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(dir, file), 'utf8');
        let json;
        try {
            json = JSON.parse(text);
        }
        catch {
            throw new Error(`record ${file} is not valid JSON`);
        }
        records.push((0,_record_js__WEBPACK_IMPORTED_MODULE_5__/* .parseRecord */ .Hh)(json, file));
    }
    return records;
}
/** The store the `records` input names: `artifact`, a directory, or none (CLI outside Actions). */
async function openRecordStore(spec, artifacts) {
    if (spec === undefined)
        return undefined;
    if (spec === 'artifact')
        return new ArtifactRecordStore(await artifacts());
    return new DirectoryRecordStore(spec);
}
/** A records directory append can write: created when missing; a file in the way is bad input. */
async function prepareRecordDirectory(dir) {
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(dir, { recursive: true });
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.access)(dir, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.W_OK);
    }
    catch (error) {
        const code = error.code;
        const why = code === 'EEXIST' || code === 'ENOTDIR'
            ? 'is a file, or lies under one: give a directory'
            : `cannot be written (${code ?? error.message})`;
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .InputError */ .d('records', `'${dir}' ${why}`);
    }
}


/***/ }),

/***/ 48054:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ describeRepair),
/* harmony export */   T: () => (/* binding */ planVerify)
/* harmony export */ });
/* harmony import */ var _index_model_entries_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(64112);
/* harmony import */ var _records_record_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(25385);
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(62148);



/** One plan per tag the records name; per platform, the newest record (a higher attempt, then a later time). */
function planVerify(records) {
    const tags = [...new Set(records.flatMap((r) => r.tags))];
    return tags.map((ref) => {
        const { registry, repository, tag } = (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .parseTagReference */ .XN)(ref);
        const byPlatform = (0,_records_record_js__WEBPACK_IMPORTED_MODULE_1__/* .newestByPlatform */ .BM)(records.filter((r) => r.tags.includes(ref)));
        const choices = [...byPlatform].map(([platform, { newest: record, all: list }]) => {
            const digests = new Set(list.map((r) => r.digest));
            if (digests.size < 2)
                return { platform, record };
            const conflict = `${platform}: ${list.length} records disagree; using attempt ${record.runAttempt} of ${record.createdAt} (${record.digest})`;
            return { platform, record, conflict };
        });
        return { ref, registry, repository, tag, choices };
    });
}
/** What a verify changed in a tag, per platform, for the report. */
function describeRepair(before, after, ours) {
    const digestOf = (list) => new Map((0,_index_model_entries_js__WEBPACK_IMPORTED_MODULE_0__/* .imageEntries */ .Io)(list).map((e) => [(0,_index_model_entries_js__WEBPACK_IMPORTED_MODULE_0__/* .platformOf */ .tj)(e), e.digest]));
    const was = digestOf(before);
    const now = digestOf(after);
    const notes = [];
    for (const platform of ours) {
        if (!was.has(platform))
            notes.push(`${platform} repaired (was missing)`);
        else if (was.get(platform) !== now.get(platform))
            notes.push(`${platform} repaired (was stale)`);
    }
    for (const platform of was.keys())
        if (!ours.has(platform) && !now.has(platform))
            notes.push(`${platform} pruned`);
    return notes;
}


/***/ }),

/***/ 45555:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   validateVerify: () => (/* binding */ validateVerify)
/* harmony export */ });
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(71922);
/* harmony import */ var _records_artifact_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76662);
/* harmony import */ var _records_record_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(25385);
/* harmony import */ var _records_store_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(73771);
/* harmony import */ var _plan_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(48054);





async function validateVerify(options, deps) {
    const recorded = await runRecords(options, deps);
    const records = options.tags.length > 0 ? recorded.map((r) => ({ ...r, tags: options.tags })) : recorded;
    return { options, records, plans: (0,_plan_js__WEBPACK_IMPORTED_MODULE_4__/* .planVerify */ .T)(records) };
}
/** This run's records; those of other runs (a shared directory) are listed and left out. */
async function runRecords(options, deps) {
    if (options.records === 'artifact' && !deps.artifacts && !(0,_records_artifact_js__WEBPACK_IMPORTED_MODULE_1__/* .hasArtifactService */ .ob)(deps.env)) {
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .d('records', 'GitHub Enterprise Server has no v4 artifact service: give the directory the append steps wrote their records to');
    }
    const store = await (0,_records_store_js__WEBPACK_IMPORTED_MODULE_3__/* .openRecordStore */ .TD)(options.records, () => (deps.artifacts ?? _records_artifact_js__WEBPACK_IMPORTED_MODULE_1__/* .actionsArtifactService */ .lg)(deps.env));
    if (!store)
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .d('records', 'required outside Actions: the directory the append steps wrote their records to');
    const { runId } = (0,_records_record_js__WEBPACK_IMPORTED_MODULE_2__/* .currentRun */ .xh)(deps.env);
    const all = await store.loadAll();
    const others = all.filter((r) => r.runId !== runId);
    for (const r of others) {
        deps.log.info(`ignored: record of run ${r.runId} (${r.target} ${r.platforms.join(', ')}, ${r.digest})`);
    }
    const records = all.filter((r) => r.runId === runId);
    if (records.length === 0) {
        const ignored = others.length > 0 ? ` (${others.length} of other runs ignored)` : '';
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .d('records', `no bake-fanout records of run ${runId} in ${store.description}${ignored}: did the append jobs of this run save them there?`);
    }
    return records;
}


/***/ })

};
