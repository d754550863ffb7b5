export const id = 302;
export const ids = [302];
export const modules = {

/***/ 22302:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  readMetadataInput: () => (/* binding */ readMetadataInput),
  runAppend: () => (/* binding */ runAppend)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./src/bake/load.ts + 4 modules
var load = __webpack_require__(81046);
// EXTERNAL MODULE: ./src/append-plan.ts
var append_plan = __webpack_require__(30727);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/bake/types.ts
var types = __webpack_require__(22336);
// EXTERNAL MODULE: ./src/reference.ts
var reference = __webpack_require__(98286);
;// CONCATENATED MODULE: ./src/metadata.ts
/**
 * docker/bake-action's `metadata` output: a JSON object keyed by target, with
 * `containerimage.digest`, `containerimage.descriptor` and `image.name` per target
 * (plus a `buildx.build.warnings` key to skip). Pure parsing and validation.
 */



const SKIPPED_KEYS = new Set(['buildx.build.warnings']);
function parseMetadataText(text) {
    let json;
    try {
        json = JSON.parse(text);
    }
    catch (error) {
        throw new errors/* InputError */.d('metadata', `not valid JSON: ${error.message}`);
    }
    if (!(0,types/* isJsonObject */.O)(json))
        throw new errors/* InputError */.d('metadata', 'must be a JSON object keyed by target');
    return json;
}
/** The build result of each requested target; every one must be in the metadata. */
function buildResults(metadata, targets) {
    const available = Object.keys(metadata).filter((k) => !SKIPPED_KEYS.has(k));
    return targets.map((target) => {
        const entry = metadata[target];
        if (!(0,types/* isJsonObject */.O)(entry)) {
            throw new errors/* InputError */.d('metadata', `has no target '${target}' (it has: ${available.join(', ') || 'nothing'})`);
        }
        return buildResult(target, entry);
    });
}
function buildResult(target, entry) {
    const where = `target '${target}'`;
    if (entry['containerimage.digest'] === undefined) {
        throw new errors/* InputError */.d('metadata', `${where} has no containerimage.digest: was an image pushed (output type=image)?`);
    }
    let digest;
    try {
        digest = (0,reference/* assertDigest */.V7)(entry['containerimage.digest'], `${where} containerimage.digest`);
    }
    catch (error) {
        throw new errors/* InputError */.d('metadata', error.message);
    }
    const descriptor = entry['containerimage.descriptor'];
    let mediaType;
    let size;
    if ((0,types/* isJsonObject */.O)(descriptor)) {
        if (descriptor.digest !== undefined && descriptor.digest !== digest) {
            throw new errors/* InputError */.d('metadata', `${where}: containerimage.descriptor.digest differs from containerimage.digest`);
        }
        mediaType = typeof descriptor.mediaType === 'string' ? descriptor.mediaType : undefined;
        size = typeof descriptor.size === 'number' ? descriptor.size : undefined;
    }
    const name = entry['image.name'];
    if (typeof name !== 'string' || name.trim() === '') {
        throw new errors/* InputError */.d('metadata', `${where} has no image.name: use the matrix entry's set lines (push by digest)`);
    }
    const repositories = name.split(',').map((item) => {
        try {
            return (0,reference/* repositoryName */.aR)((0,reference/* parseReference */.F2)(item));
        }
        catch (error) {
            throw new errors/* InputError */.d('metadata', `${where} image.name: ${error.message}`);
        }
    });
    return {
        target,
        digest,
        ...(mediaType && { mediaType }),
        ...(size !== undefined && { size }),
        repositories: [...new Set(repositories)],
    };
}

// EXTERNAL MODULE: ./src/registry/copy.ts
var copy = __webpack_require__(39190);
// EXTERNAL MODULE: ./src/registry/manifests.ts
var manifests = __webpack_require__(30001);
// EXTERNAL MODULE: ./src/registry/retry.ts
var retry = __webpack_require__(41521);
// EXTERNAL MODULE: ./src/records.ts
var records = __webpack_require__(4845);
// EXTERNAL MODULE: ./src/tag-writer.ts
var tag_writer = __webpack_require__(12531);
// EXTERNAL MODULE: ./src/upsert.ts
var upsert = __webpack_require__(828);
// EXTERNAL MODULE: ./src/modes/registries.ts + 2 modules
var registries = __webpack_require__(55676);
// EXTERNAL MODULE: ./src/modes/report.ts
var report = __webpack_require__(72084);
;// CONCATENATED MODULE: ./src/modes/append.ts
/**
 * `append` mode: after a platform job's build, upsert its digest into every tag of
 * its target, on every registry. Everything is validated and every registry read that
 * can refuse the input is made before the first write.
 */














const MAX_METADATA_BYTES = 16 * 1024 * 1024;
async function runAppend(inputs, deps) {
    const metadata = parseMetadataText(await readMetadataInput(inputs.metadata));
    const targets = await (0,load/* loadBake */.K)({ workdir: inputs.workdir, files: inputs.files, targets: inputs.targets, set: inputs.set, env: deps.env }, deps.exec);
    const builds = buildResults(metadata, targets.map((t) => t.name));
    const plans = targets.map((target, i) => (0,append_plan/* planTarget */.h)(target, builds[i]));
    const store = inputs.dryRun
        ? undefined
        : await (0,records/* openRecordStore */.TD)(inputs.records, deps.artifacts ?? records/* actionsArtifactService */.lg);
    const pool = (0,registries/* openRegistries */.c)(inputs, deps);
    try {
        const prepared = await Promise.all(plans.map((plan) => prepareTarget(pool, plan)));
        const reports = (await Promise.all(prepared.map((p) => writeTarget(pool, p, inputs, deps)))).flat();
        if (store) {
            for (const p of prepared)
                await store.save(recordOf(p, builds.find((b) => b.target === p.plan.target), deps.env));
            deps.log.info(`records saved to ${store.description}`);
        }
        else if (!inputs.dryRun) {
            deps.log.warning("no records written: set 'records' to a directory to use verify outside Actions");
        }
        deps.log.info((0,report/* requestSummary */.uH)(await pool.stats()));
        return {
            outputs: { result: (0,report/* resultOutput */.zJ)(reports) },
            summary: (0,report/* tagsSummary */.g7)(inputs.dryRun ? 'bake-fanout append (dry run)' : 'bake-fanout append', reports),
            ...((0,report/* failureMessage */.oh)(reports) && { failure: (0,report/* failureMessage */.oh)(reports) }),
        };
    }
    finally {
        await pool.close();
    }
}
/** The metadata input: JSON text, or a path to a file holding it. */
async function readMetadataInput(value) {
    if (value === '')
        throw new errors/* InputError */.d('metadata', "required in append mode (docker/bake-action's metadata output)");
    if (value.startsWith('{') || value.startsWith('['))
        return value;
    try {
        const info = await (0,promises_.stat)(value);
        if (info.size > MAX_METADATA_BYTES)
            throw new errors/* InputError */.d('metadata', `file '${value}' is larger than ${MAX_METADATA_BYTES} bytes`);
        return await (0,promises_.readFile)(value, 'utf8');
    }
    catch (error) {
        if (error instanceof errors/* InputError */.d)
            throw error;
        throw new errors/* InputError */.d('metadata', `is neither JSON nor a readable file: '${value.slice(0, 200)}'`);
    }
}
/** Reads only: the build's entries, and the digest's presence in every repository it is taken from. */
async function prepareTarget(pool, plan) {
    for (const repo of plan.repositories)
        (await pool.client(repo.registry)).willPush(repo.repository);
    const [first, ...others] = plan.sources;
    const build = await (0,manifests/* readBuildEntries */.n)(await pool.client(first.registry), first.repository, plan.digest).catch((error) => {
        if (!/does not exist/.test(error.message))
            throw error;
        throw new errors/* InputError */.d('metadata', `target '${plan.target}': ${error.message}`);
    });
    const used = others.filter((s) => plan.repositories.some((r) => sameRepository(r, s) || (r.copyFrom && sameRepository(r.copyFrom, s))));
    await Promise.all(used.map(async (source) => {
        if (!(await (await pool.client(source.registry)).headManifest(source.repository, plan.digest))) {
            const where = `${(0,reference/* repositoryName */.aR)(source)}@${plan.digest}`;
            throw new errors/* InputError */.d('metadata', `target '${plan.target}': image.name names ${where}, which does not exist`);
        }
    }));
    return { plan, build };
}
async function writeTarget(pool, prepared, inputs, deps) {
    const { plan, build } = prepared;
    const perRepository = plan.repositories.map(async (repo) => {
        const client = await pool.client(repo.registry);
        const refOf = (tag) => (0,reference/* formatReference */.FH)({ registry: repo.registry, repository: repo.repository, tag });
        try {
            if (repo.copyFrom && !inputs.dryRun) {
                const from = { client: await pool.client(repo.copyFrom.registry), repository: repo.copyFrom.repository };
                const copied = await (0,copy/* copyEntries */.o)(from, { client, repository: repo.repository }, build.entries);
                if (copied > 0)
                    deps.log.info(`${(0,reference/* repositoryName */.aR)(repo)}: copied ${copied} manifests from ${(0,reference/* repositoryName */.aR)(repo.copyFrom)}`);
            }
        }
        catch (error) {
            const message = `copying from ${(0,reference/* repositoryName */.aR)(repo.copyFrom)} failed: ${error.message}`;
            return repo.tags.map((tag) => ({ ref: refOf(tag), ours: build.platforms, error: message }));
        }
        return Promise.all(repo.tags.map((tag) => writeTag(client, repo, tag, refOf(tag), build.entries, build.platforms, inputs, deps)));
    });
    return (await Promise.all(perRepository)).flat();
}
async function writeTag(client, repo, tag, ref, entries, ours, inputs, deps) {
    try {
        const outcome = await (0,tag_writer/* upsertTag */.C)({
            client,
            repository: repo.repository,
            tag,
            add: entries,
            annotations: inputs.annotations,
            settleMs: inputs.settleSeconds * 1000,
            dryRun: inputs.dryRun,
            clock: deps.clock ?? retry/* realClock */.dQ,
        });
        deps.log.info(describeOutcome(ref, outcome, inputs.dryRun));
        return { ref, ours, outcome };
    }
    catch (error) {
        return { ref, ours, error: error.message };
    }
}
function describeOutcome(ref, o, dryRun) {
    const list = (index) => (index ? (0,upsert/* platformsOf */.Wt)(index.manifests).join(', ') : 'none');
    if (dryRun)
        return `${ref}: ${o.changed ? 'would write' : 'unchanged'}: [${list(o.before)}] → [${list(o.after)}]`;
    if (!o.changed)
        return `${ref}: unchanged (${o.digest})`;
    const writes = `${o.writes} write${o.writes === 1 ? '' : 's'}, ${o.repairs} repair${o.repairs === 1 ? '' : 's'}`;
    return `${ref}: ${o.digest} [${list(o.after)}] (${writes})`;
}
function sameRepository(a, b) {
    return a.registry === b.registry && a.repository === b.repository;
}
function recordOf(prepared, build, env) {
    const { plan } = prepared;
    return {
        version: 1,
        target: plan.target,
        platforms: prepared.build.platforms,
        digest: plan.digest,
        mediaType: build.mediaType ?? prepared.build.mediaType,
        size: build.size ?? prepared.build.size,
        repositories: plan.sources.map(reference/* repositoryName */.aR),
        tags: plan.tags,
        createdAt: new Date().toISOString(),
        runAttempt: Number(env.GITHUB_RUN_ATTEMPT ?? 1) || 1,
    };
}


/***/ })

};
