export const id = 812;
export const ids = [812];
export const modules = {

/***/ 47812:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  forGitlab: () => (/* binding */ forGitlab),
  gitlabOutput: () => (/* binding */ gitlabOutput)
});

// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __webpack_require__(71922);
// EXTERNAL MODULE: ./src/common/shell-word.ts
var shell_word = __webpack_require__(8448);
;// CONCATENATED MODULE: ./src/common/yaml.ts
/**
 * A small YAML emitter for documents this tool writes (GitLab pipelines): block style,
 * every string double-quoted as JSON quotes it, so no value — a bake `--set` line, a tag,
 * a target name — is ever read back as anything else (no `yes` turned boolean by YAML 1.1
 * parsers such as GitLab's, no `&`, `*`, `!reference`, `#` or `: ` taking effect).
 * Characters YAML does not allow raw (C1 controls, DEL, BOM, non-characters) are escaped,
 * and so is `##[` (as `#\u0023[`, the same string to any YAML reader), as the CLI's JSON
 * does: printed inside a CI runner, no line of the document can start a workflow command.
 */
/**
 * Characters outside YAML's printable set that JSON.stringify leaves raw (it escapes C0
 * controls and lone surrogates itself).
 */
const NOT_PRINTABLE = /[\u007f-\u0084\u0086-\u009f\ufeff\ufffe\uffff]/g;
/** A double-quoted YAML scalar: JSON's quoting, plus the escapes YAML needs beyond it. */
function yamlString(text) {
    return JSON.stringify(text)
        .replace(NOT_PRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
        .replaceAll('##[', '#\\u0023[');
}
/** A key: bare when it is a plain word, else quoted. */
function yamlKey(key) {
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : yamlString(key);
}
function scalar(value) {
    if (typeof value === 'string')
        return yamlString(value);
    if (typeof value === 'number' || typeof value === 'boolean')
        return String(value);
    if (Array.isArray(value) && value.length === 0)
        return '[]';
    if (!Array.isArray(value) && Object.keys(value).length === 0)
        return '{}';
    return undefined;
}
function lines(value, indent) {
    if (Array.isArray(value)) {
        return value.flatMap((item) => {
            const plain = scalar(item);
            if (plain !== undefined)
                return [`${indent}- ${plain}`];
            const [first, ...rest] = lines(item, `${indent}  `);
            return [`${indent}- ${first.slice(indent.length + 2)}`, ...rest];
        });
    }
    return Object.entries(value).flatMap(([key, item]) => {
        const plain = scalar(item);
        if (plain !== undefined)
            return [`${indent}${yamlKey(key)}: ${plain}`];
        return [`${indent}${yamlKey(key)}:`, ...lines(item, `${indent}  `)];
    });
}
/** A YAML document of a mapping, with `#` comment lines above it. */
function yamlDocument(root, comments = []) {
    const header = comments.map((c) => `# ${c.replace(/[\r\n]+/g, ' ')}`.trimEnd());
    return [...header, ...lines(root, '')].join('\n') + '\n';
}

// EXTERNAL MODULE: ./src/image-index/platform.ts
var platform = __webpack_require__(20985);
;// CONCATENATED MODULE: ./src/matrix/gitlab.ts
/**
 * `matrix --format gitlab`: the matrix as a GitLab child pipeline, so platforms are
 * written once, in the bake file. One build job per matrix entry — on the runner its
 * entry names, as the job's `tags` — bakes the entry's targets with the entry's `--set`
 * lines (the platform, tags cleared, push by digest) and saves its record with
 * `append --defer`; one publish job then writes every tag once (`verify`). GitLab passes
 * files only between stages (artifacts), so the jobs of a stage cannot share a records
 * directory while they run: defer + verify is the race-free shape there. Pure.
 *
 * Every value from outside (set lines, targets, tags) reaches the shell as one word,
 * single-quoted, and YAML as a double-quoted scalar; variables holding them are not
 * expanded by GitLab (`expand: false`).
 */




/** The current Docker major (CLI image and its dind service). */
const DOCKER_IMAGE = 'docker:29';
/** The publish job needs node only: the bundle has no dependency to install. */
const NODE_IMAGE = 'node:24-alpine';
/** GitLab's own `needs` limit per job (gitlab.com); above it, publish waits for the stage instead. */
const GITLAB_NEEDS_LIMIT = 50;
/**
 * GitLab.com's hosted runners by tag, every tier: arm on the arm64 runner, the rest on
 * amd64. Used after the user's `--runners` rules, instead of GitHub's labels.
 */
const GITLAB_RUNNER_RULES = [
    { pattern: 'linux/arm64*', label: 'saas-linux-small-arm64' },
    { pattern: 'linux/arm/*', label: 'saas-linux-small-arm64' },
    { pattern: '*', label: 'saas-linux-small-amd64' },
];
/** Shell text of ours, written as it is; every other word is quoted (`shellWord`). */
class Raw {
    text;
    constructor(text) {
        this.text = text;
    }
}
/** The user's command, split into words on purpose (`npx --yes ./vendor/bake-fanout-1.0.0.tgz`). */
const BAKE_FANOUT = new Raw('$BAKE_FANOUT');
const RECORDS = new Raw('"$CI_PROJECT_DIR/bake-fanout-records"');
const METADATA = new Raw('"$CI_PROJECT_DIR/bake-fanout-metadata.json"');
/** Credentials for docker and bake-fanout alike: DOCKER_AUTH_CONFIG when set, else the project's registry. */
const LOGIN = [
    'mkdir -p ~/.docker',
    `if [ -n "$DOCKER_AUTH_CONFIG" ]; then printf '%s' "$DOCKER_AUTH_CONFIG" > ~/.docker/config.json; elif [ -n "$CI_REGISTRY" ]; then printf '{"auths":{"%s":{"auth":"%s"}}}' "$CI_REGISTRY" "$(printf '%s:%s' "$CI_REGISTRY_USER" "$CI_REGISTRY_PASSWORD" | base64 | tr -d '\\n')" > ~/.docker/config.json; fi`,
];
function gitlabPipeline(entries, options) {
    const builds = entries.map((entry) => [buildJobName(entry), buildJob(entry, options)]);
    const root = {
        stages: ['build', 'publish'],
        // The command as docs/ci/gitlab.md installs it (a tarball committed under vendor/); a trigger job's variables win.
        variables: { BAKE_FANOUT: `npx --yes ./vendor/bake-fanout-${options.version}.tgz` },
        ...Object.fromEntries(builds),
        publish: publishJob(builds.map(([name]) => name), options),
    };
    return yamlDocument(root, [
        `bake-fanout ${options.version} matrix --format gitlab: a GitLab child pipeline (include it with`,
        'trigger: include: artifact). One build job per matrix entry on the runner tagged as its entry says,',
        'then publish writes every tag once from the records the build jobs saved.',
    ]);
}
/** `build:<slug>`: the slug is safe in names; one entry, one job. */
function buildJobName(entry) {
    return `build:${entry.slug}`;
}
function buildJob(entry, options) {
    const targets = targetsOf(entry);
    const setLines = linesOf(entry.set);
    const bake = [
        'docker',
        'buildx',
        'bake',
        ...fileArgs(options, '--file'),
        ...setLines.flatMap((l) => ['--set', l]),
    ];
    const appends = targets.map((target) => command([BAKE_FANOUT, 'append', ...fileArgs(options, '--files'), '--targets', target], (options.tags[target] ?? linesOf(entry.tags)).flatMap((tag) => ['--tags', tag]), options.set.flatMap((line) => ['--set', line]), ['--metadata', METADATA, '--defer', '--records', RECORDS]));
    return {
        stage: 'build',
        needs: [],
        tags: runnerTags(entry.runner),
        image: DOCKER_IMAGE,
        services: [`${DOCKER_IMAGE}-dind`],
        variables: {
            DOCKER_TLS_CERTDIR: '/certs',
            BAKE_FANOUT_TARGET: literal(entry.target),
            BAKE_FANOUT_PLATFORM: literal(entry.platform),
            BAKE_FANOUT_TAGS: literal(entry.tags),
            BAKE_FANOUT_SET: literal(entry.set),
        },
        before_script: ['apk add --no-cache nodejs npm', ...LOGIN, 'docker buildx create --use'],
        script: [
            ...(entry.qemu
                ? [command(['docker', 'run', '--privileged', '--rm', 'tonistiigi/binfmt', '--install'], [emulated(entry)])]
                : []),
            ...cd(options.workdir),
            command(bake, ['--metadata-file', METADATA], targets),
            ...appends,
        ],
        artifacts: { paths: ['bake-fanout-records/'], expire_in: '1 week' },
    };
}
function publishJob(builds, options) {
    return {
        stage: 'publish',
        // Over GitLab's needs limit, the stage order alone waits for every build job and brings their artifacts.
        ...(builds.length <= GITLAB_NEEDS_LIMIT && { needs: builds.map((job) => ({ job, artifacts: true })) }),
        tags: runnerTags(options.publishRunner),
        image: NODE_IMAGE,
        before_script: LOGIN,
        script: [command([BAKE_FANOUT, 'verify', '--records', RECORDS])],
    };
}
/** The entry's runner as GitLab tags (a job runs on a runner holding all of them). */
function runnerTags(runner) {
    if (typeof runner === 'string')
        return [runner];
    if (Array.isArray(runner))
        return [...runner];
    if (runner.group !== undefined || runner.labels === undefined)
        throw new errors/* InputError */.dz('runners', `${JSON.stringify(runner)}: runner groups are GitHub's; GitLab picks runners by tags (give a tag, or a JSON array of tags)`);
    return [runner.labels].flat();
}
/** A target several entries may share (packed entries hold several, one per line). */
function targetsOf(entry) {
    return linesOf(entry.target);
}
function linesOf(text) {
    return text.split('\n').filter((line) => line !== '');
}
/** The bake files, as bake (`--file`) or bake-fanout (`--files`) takes them. */
function fileArgs(options, flag) {
    return options.files.flatMap((file) => [flag, file.replace(/^cwd:\/\//, '')]);
}
function cd(workdir) {
    return workdir === '.' || workdir === '' ? [] : [command(['cd', '--', workdir])];
}
/** The architecture binfmt must emulate (`arm`, `riscv64` …). */
function emulated(entry) {
    return (0,platform/* parsePlatform */.Y8)(entry.platform).architecture;
}
/** A variable GitLab hands over as written: `$` in it is not a reference. */
function literal(value) {
    return { value, expand: false };
}
/** One shell command line: our own text as it is, every other word quoted for POSIX sh (GitLab's Linux shells). */
function command(...parts) {
    return parts
        .flat()
        .map((word) => (word instanceof Raw ? word.text : (0,shell_word/* shellWord */.r)(word)))
        .join(' ');
}


// EXTERNAL MODULE: ./src/matrix/runners.ts
var runners = __webpack_require__(22178);
// EXTERNAL MODULE: ./src/version.ts
var version = __webpack_require__(311);
;// CONCATENATED MODULE: ./src/action/gitlab-format.ts
/**
 * `matrix --format gitlab` on the command line (the Action has no such input): GitLab's
 * runner tags instead of GitHub's labels after the user's `--runners` rules, no GitHub
 * cache, and stdout the child pipeline (src/matrix/gitlab.ts) instead of the JSON.
 */




/** The inputs as a GitLab pipeline needs them; refuses what cannot work there. */
function forGitlab(inputs) {
    if (inputs.cache === 'gha')
        throw new errors/* InputError */.dz('cache', "'gha' is GitHub Actions' cache service, which GitLab jobs cannot reach (with --format gitlab, set a registry cache in the bake file)");
    return { ...inputs, runners: [...inputs.runners, ...GITLAB_RUNNER_RULES] };
}
/** The child pipeline for matrix's outputs. */
function gitlabOutput(outputs, inputs) {
    const entries = JSON.parse(outputs.matrix);
    const tags = JSON.parse(outputs.tags);
    return gitlabPipeline(entries, {
        files: inputs.files,
        workdir: inputs.workdir,
        set: inputs.set,
        tags,
        publishRunner: (0,runners/* runnerFor */.OZ)('linux/amd64', inputs.runners),
        version: version/* VERSION */.x,
    });
}


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


/***/ })

};
