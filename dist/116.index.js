export const id = 116;
export const ids = [116];
export const modules = {

/***/ 16741:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ checkBuildPlatforms),
/* harmony export */   h: () => (/* binding */ planTarget)
/* harmony export */ });
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(71922);
/* harmony import */ var _index_model_platform_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(37);
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(62148);



function planTarget(target, build, platformsKnown = true) {
    if (target.tags.length === 0)
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .d('targets', `target '${target.name}' has no tags to append to`);
    const sources = build.repositories.map((name) => {
        const { registry, repository } = (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .parseReference */ .F2)(name);
        return { registry, repository };
    });
    const byRepository = new Map();
    for (const tagRef of target.tags) {
        const ref = (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .parseTagReference */ .XN)(tagRef);
        const name = (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .repositoryName */ .aR)(ref);
        const plan = byRepository.get(name) ?? { registry: ref.registry, repository: ref.repository, tags: [] };
        byRepository.set(name, plan);
        plan.tags.push(ref.tag);
    }
    return {
        target: target.name,
        digest: build.digest,
        sources,
        repositories: [...byRepository.values()],
        tags: target.tags,
        ...(platformsKnown && { platforms: target.platforms }),
    };
}
/** Refuses a build holding a platform the target does not build (a wrong digest, or a wrong target). */
function checkBuildPlatforms(plan, built) {
    if (!plan.platforms)
        return;
    const platforms = plan.platforms;
    const foreign = built.filter((p) => !platforms.includes((0,_index_model_platform_js__WEBPACK_IMPORTED_MODULE_1__/* .basePlatform */ .Hu)(p)));
    if (foreign.length === 0)
        return;
    const builds = platforms.length > 0 ? platforms.join(', ') : 'no platforms';
    throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .d('metadata', `target '${plan.target}': ${plan.digest} holds ${foreign.join(', ')}, but the target builds ${builds}`);
}


/***/ }),

/***/ 21116:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readMetadataInput: () => (/* binding */ readMetadataInput),
/* harmony export */   validateAppend: () => (/* binding */ validateAppend)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _bake_load_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(81046);
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(71922);
/* harmony import */ var _records_artifact_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76662);
/* harmony import */ var _records_store_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(73771);
/* harmony import */ var _metadata_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(64655);
/* harmony import */ var _plan_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(16741);
/**
 * Append's first phase: everything that can refuse the input without a registry —
 * the metadata, the bake definition, the plans, the records store. It loads no network
 * code, so a bad input fails as fast as the process starts.
 */







const NO_RECORDS = "no 'records': without a record store shared by the run's jobs, append falls back to the settle-only guard, " +
    "which a slow registry can defeat; set 'records' to a shared directory, or use 'defer: true' with verify";
const NO_ARTIFACT_SERVICE = 'GitHub Enterprise Server has no v4 artifact service to keep the records in: append falls back to the ' +
    "settle-only guard, which a slow registry can defeat; give 'records' a directory the jobs share, or use " +
    "'defer: true' with verify and such a directory";
async function validateAppend(options, deps) {
    const metadata = (0,_metadata_js__WEBPACK_IMPORTED_MODULE_5__/* .parseMetadataText */ .GL)(await readMetadataInput(options.metadata));
    const { targets, platformsKnown } = await appendTargets(options, metadata, deps);
    const results = (0,_metadata_js__WEBPACK_IMPORTED_MODULE_5__/* .buildResults */ .rq)(metadata, targets.map((t) => t.name));
    const plans = targets.map((target, i) => (0,_plan_js__WEBPACK_IMPORTED_MODULE_6__/* .planTarget */ .h)(target, results[i], platformsKnown));
    const records = await checkRecords(options, deps);
    const noStore = records !== undefined ? undefined : options.records === 'artifact' ? NO_ARTIFACT_SERVICE : NO_RECORDS;
    return { options: { ...options, records }, plans, results, ...(noStore && { noStore }) };
}
/**
 * The targets, their tags and platforms. With `tags` (fixed once in the matrix job), the
 * bake definition is read only for the platforms each build is checked against, and
 * not at all when there is no bake file: then the targets are `targets`, else the
 * metadata's.
 */
async function appendTargets(options, metadata, deps) {
    const { workdir, files, targets: requested, set, tags } = options;
    const source = { workdir, files, targets: requested, set, env: deps.env };
    if (tags.length === 0)
        return { targets: await (0,_bake_load_js__WEBPACK_IMPORTED_MODULE_1__/* .loadBake */ .Ki)(source, deps.exec), platformsKnown: true };
    const bake = await (0,_bake_load_js__WEBPACK_IMPORTED_MODULE_1__/* .loadBake */ .Ki)({ ...source, optional: true }, deps.exec);
    if (bake)
        return { targets: bake.map((t) => ({ ...t, tags })), platformsKnown: true };
    deps.log.warning("no bake file: the build's platforms are not checked against the target's ('files' names one)");
    const names = requested.length > 0 ? requested : (0,_metadata_js__WEBPACK_IMPORTED_MODULE_5__/* .metadataTargets */ .cu)(metadata);
    return { targets: names.map((name) => ({ name, tags, platforms: [], definition: {} })), platformsKnown: false };
}
/** The metadata input: JSON text, or a path to a file holding it. */
async function readMetadataInput(value) {
    if (value === '')
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .d('metadata', "required in append mode (docker/bake-action's metadata output)");
    if (value.startsWith('{') || value.startsWith('['))
        return value;
    try {
        const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(value);
        if (info.size > _metadata_js__WEBPACK_IMPORTED_MODULE_5__/* .MAX_METADATA_BYTES */ .Fx)
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .d('metadata', `file '${value}' is larger than ${_metadata_js__WEBPACK_IMPORTED_MODULE_5__/* .MAX_METADATA_BYTES */ .Fx} bytes`);
        return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(value, 'utf8');
    }
    catch (error) {
        if (error instanceof _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .d)
            throw error;
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .d('metadata', `is neither JSON nor a readable file: '${value.slice(0, 200)}'`);
    }
}
/** The records input, checked before any registry request: the store to use, or none (the settle-only guard). */
async function checkRecords(options, deps) {
    const { records, dryRun, defer } = options;
    const artifactsMissing = records === 'artifact' && !deps.artifacts && !(0,_records_artifact_js__WEBPACK_IMPORTED_MODULE_3__/* .hasArtifactService */ .ob)(deps.env);
    const usable = artifactsMissing ? undefined : records;
    if (usable === undefined && defer) {
        const where = artifactsMissing ? 'GitHub Enterprise Server has no v4 artifact service: ' : '';
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .d('defer', `${where}needs 'records' (a directory shared with verify)`);
    }
    if (usable === 'artifact' && !deps.artifacts)
        (0,_records_artifact_js__WEBPACK_IMPORTED_MODULE_3__/* .assertActionsRuntime */ .GZ)(deps.env);
    if (usable !== undefined && usable !== 'artifact' && !dryRun)
        await (0,_records_store_js__WEBPACK_IMPORTED_MODULE_4__/* .prepareRecordDirectory */ .Yh)(usable);
    return usable;
}


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


/***/ })

};
