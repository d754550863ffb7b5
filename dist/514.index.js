export const id = 514;
export const ids = [514];
export const modules = {

/***/ 86514:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runVerify: () => (/* binding */ runVerify)
});

// EXTERNAL MODULE: ./src/append-plan.ts
var append_plan = __webpack_require__(30727);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/registry/copy.ts
var registry_copy = __webpack_require__(39190);
// EXTERNAL MODULE: ./src/registry/manifests.ts
var manifests = __webpack_require__(30001);
// EXTERNAL MODULE: ./src/registry/retry.ts
var retry = __webpack_require__(41521);
// EXTERNAL MODULE: ./src/records.ts
var src_records = __webpack_require__(4845);
// EXTERNAL MODULE: ./src/reference.ts
var reference = __webpack_require__(98286);
// EXTERNAL MODULE: ./src/tag-writer.ts
var tag_writer = __webpack_require__(12531);
// EXTERNAL MODULE: ./src/oci/types.ts
var types = __webpack_require__(3048);
// EXTERNAL MODULE: ./src/platform.ts
var platform = __webpack_require__(23728);
// EXTERNAL MODULE: ./src/upsert.ts
var upsert = __webpack_require__(828);
;// CONCATENATED MODULE: ./src/verify-plan.ts
/** Records of a run → what every tag must hold. Pure. */




/** Later attempts win; within an attempt, the later record. */
function newer(a, b) {
    if (a.runAttempt !== b.runAttempt)
        return a.runAttempt > b.runAttempt;
    return Date.parse(a.createdAt) > Date.parse(b.createdAt);
}
function planVerify(records) {
    const candidates = new Map();
    for (const record of records) {
        for (const tag of record.tags) {
            const byPlatform = candidates.get(tag) ?? new Map();
            candidates.set(tag, byPlatform);
            for (const platform of record.platforms)
                byPlatform.set(platform, [...(byPlatform.get(platform) ?? []), record]);
        }
    }
    return [...candidates].map(([ref, byPlatform]) => {
        const { registry, repository, tag } = (0,reference/* parseTagReference */.XN)(ref);
        const choices = [...byPlatform].map(([platform, list]) => {
            const record = list.reduce((best, r) => (newer(r, best) ? r : best));
            const digests = new Set(list.map((r) => r.digest));
            if (digests.size < 2)
                return { platform, record };
            const conflict = `${platform}: ${list.length} records disagree; using attempt ${record.runAttempt} of ${record.createdAt} (${record.digest})`;
            return { platform, record, conflict };
        });
        return { ref, registry, repository, tag, choices };
    });
}
/** A build's entries for some of its platforms: those images and the attestations that reference them. */
function entriesFor(entries, platforms) {
    const images = new Set(entries
        .filter((e) => !(0,upsert/* isAttestation */.H3)(e) && e.platform && platforms.has((0,platform/* platformKey */.Ng)(e.platform)))
        .map((e) => e.digest));
    return entries.filter((e) => images.has(e.digest) || ((0,upsert/* isAttestation */.H3)(e) && images.has(e.annotations?.[types/* REFERENCE_DIGEST */.R7] ?? '')));
}
/** What a verify changed in a tag, per platform, for the report. */
function describeRepair(before, after, ours) {
    const digestOf = (list) => new Map(list.filter((e) => !(0,upsert/* isAttestation */.H3)(e) && e.platform).map((e) => [(0,platform/* platformKey */.Ng)(e.platform), e.digest]));
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

// EXTERNAL MODULE: ./src/modes/registries.ts + 2 modules
var registries = __webpack_require__(55676);
// EXTERNAL MODULE: ./src/modes/report.ts
var report = __webpack_require__(72084);
;// CONCATENATED MODULE: ./src/modes/verify.ts
/**
 * `verify` mode: the converge job. Reads every record of the run and makes every tag
 * hold exactly the recorded digest per platform (and, with prune, nothing else).
 * It does not rest on timing: run once after all platform jobs, it is the guarantee.
 */











async function runVerify(inputs, deps) {
    const store = await (0,src_records/* openRecordStore */.TD)(inputs.records, deps.artifacts ?? src_records/* actionsArtifactService */.lg);
    if (!store)
        throw new errors/* InputError */.d('records', 'required outside Actions: the directory the append steps wrote their records to');
    const records = await store.loadAll();
    if (records.length === 0) {
        throw new errors/* InputError */.d('records', `no bake-fanout records in ${store.description}: did the append jobs of this run save them there?`);
    }
    const plans = planVerify(records);
    deps.log.info(`${records.length} records, ${plans.length} tags`);
    for (const conflict of plans.flatMap((p) => p.choices.flatMap((c) => (c.conflict ? [c.conflict] : []))))
        deps.log.warning(conflict);
    const pool = (0,registries/* openRegistries */.c)(inputs, deps);
    const verifier = new Verifier(pool, inputs, deps);
    try {
        const reports = await Promise.all(plans.map((plan) => verifier.verifyTag(plan)));
        deps.log.info((0,report/* requestSummary */.uH)(await pool.stats()));
        const title = inputs.dryRun ? 'bake-fanout verify (dry run)' : 'bake-fanout verify';
        return {
            outputs: { result: (0,report/* resultOutput */.zJ)(reports) },
            summary: (0,report/* tagsSummary */.g7)(title, reports),
            ...((0,report/* failureMessage */.oh)(reports) && { failure: (0,report/* failureMessage */.oh)(reports) }),
        };
    }
    finally {
        await pool.close();
    }
}
class Verifier {
    pool;
    inputs;
    deps;
    /** One read of each recorded digest, and one copy per digest and repository. */
    entries = new Map();
    copies = new Map();
    constructor(pool, inputs, deps) {
        this.pool = pool;
        this.inputs = inputs;
        this.deps = deps;
    }
    async verifyTag(plan) {
        const ours = plan.choices.map((c) => c.platform);
        try {
            const client = await this.pool.client(plan.registry);
            client.willPush(plan.repository);
            const add = [];
            for (const record of new Set(plan.choices.map((c) => c.record))) {
                const build = await this.entriesOf(record);
                if (!this.inputs.dryRun)
                    await this.ensureIn(plan, record, build);
                const platforms = new Set(plan.choices.filter((c) => c.record === record).map((c) => c.platform));
                add.push(...entriesFor(build.entries, platforms));
            }
            const outcome = await (0,tag_writer/* upsertTag */.C)({
                client,
                repository: plan.repository,
                tag: plan.tag,
                add,
                annotations: this.inputs.annotations,
                prune: this.inputs.prune,
                settleMs: 0,
                dryRun: this.inputs.dryRun,
                clock: this.deps.clock ?? retry/* realClock */.dQ,
            });
            const repairs = describeRepair(outcome.before?.manifests ?? [], outcome.after.manifests, new Set(ours));
            const conflicts = plan.choices.flatMap((c) => (c.conflict ? [`newest record used for ${c.platform}`] : []));
            const note = [...repairs, ...conflicts].join('; ') || undefined;
            this.deps.log.info(`${plan.ref}: ${outcome.changed ? (this.inputs.dryRun ? 'would repair' : 'repaired') : 'ok'}${note ? ` (${note})` : ''}`);
            return { ref: plan.ref, ours, outcome, ...(note && { note }) };
        }
        catch (error) {
            return { ref: plan.ref, ours, error: error.message };
        }
    }
    entriesOf(record) {
        let entries = this.entries.get(record.digest);
        if (!entries) {
            const source = (0,reference/* parseReference */.F2)(record.repositories[0]);
            entries = this.pool
                .client(source.registry)
                .then((client) => (0,manifests/* readBuildEntries */.n)(client, source.repository, record.digest))
                .catch((error) => {
                throw new Error(`recorded digest of ${record.target} ${record.platforms.join(', ')}: ${error.message}`);
            });
            this.entries.set(record.digest, entries);
        }
        return entries;
    }
    /** Copies the record's manifests into the tag's repository when the build was not pushed there. */
    async ensureIn(plan, record, build) {
        const target = (0,reference/* repositoryName */.aR)(plan);
        if (record.repositories.includes(target))
            return;
        const key = `${record.digest} ${target}`;
        let copy = this.copies.get(key);
        if (!copy) {
            const sources = record.repositories.map((r) => {
                const ref = (0,reference/* parseReference */.F2)(r);
                return { registry: ref.registry, repository: ref.repository };
            });
            const from = (0,append_plan/* copySource */.X)(plan.registry, sources);
            copy = (async () => (0,registry_copy/* copyEntries */.o)({ client: await this.pool.client(from.registry), repository: from.repository }, { client: await this.pool.client(plan.registry), repository: plan.repository }, build.entries))();
            this.copies.set(key, copy);
        }
        await copy;
    }
}


/***/ })

};
