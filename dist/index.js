#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 98199:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  xw: () => (/* binding */ cli)
});

// UNUSED EXPORTS: EXIT, UsageError, cliOutputs, debugEnabled, modeHelp, parseArgs, runCli, stderrLogger, topLevelHelp

// EXTERNAL MODULE: ./src/action/github-oidc.ts
var github_oidc = __nccwpck_require__(95697);
// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __nccwpck_require__(71922);
// EXTERNAL MODULE: ./src/common/actions-exec.ts
var actions_exec = __nccwpck_require__(86674);
// EXTERNAL MODULE: ./src/common/inert.ts
var inert = __nccwpck_require__(73437);
// EXTERNAL MODULE: ./src/common/markdown.ts
var markdown = __nccwpck_require__(83932);
// EXTERNAL MODULE: ./src/common/stdio.ts
var stdio = __nccwpck_require__(30496);
// EXTERNAL MODULE: ./src/image-index/runs.ts
var runs = __nccwpck_require__(38320);
// EXTERNAL MODULE: ./src/records/record.ts + 1 modules
var record = __nccwpck_require__(52549);
// EXTERNAL MODULE: ./src/version.ts
var version = __nccwpck_require__(311);
;// CONCATENATED MODULE: ./src/action/flags.ts
const BUILD = ['matrix', 'append'];
const WRITE = ['append', 'verify'];
const FLAGS = [
    {
        name: 'files',
        modes: BUILD,
        meaning: "bake files relative to --workdir (a cwd:// prefix is accepted); default: buildx's lookup",
    },
    {
        name: 'targets',
        modes: ['matrix', 'append', 'verify'],
        meaning: 'targets or groups (verify: target names, whose records it acts on); default: the `default` group (verify: every target)',
    },
    { name: 'workdir', modes: BUILD, default: '.', meaning: 'directory the bake files are read from' },
    { name: 'set', modes: BUILD, meaning: 'bake override target.key=value (repeat the flag for more)' },
    {
        name: 'tags',
        modes: WRITE,
        meaning: "full tag refs that replace the bake definition's (append) or select the records (verify)",
    },
    { name: 'runners', modes: ['matrix'], meaning: 'platform-glob=label lines, first match wins' },
    { name: 'cache', modes: ['matrix'], default: 'none', meaning: 'none, or gha for per-entry cache-from/cache-to' },
    { name: 'max-entries', modes: ['matrix'], default: '256', meaning: "most matrix entries allowed (GitHub's limit)" },
    {
        name: 'format',
        modes: ['matrix'],
        default: 'json',
        meaning: 'json, or gitlab: a GitLab child-pipeline YAML, one build job per entry (the runner label as its tags; --runners maps platforms to runner tags, default saas-linux-small-amd64/-arm64) and a publish job',
    },
    { name: 'metadata', modes: ['append'], meaning: 'bake metadata: JSON text, or a file holding it (required)' },
    { name: 'annotations', modes: WRITE, meaning: 'index annotations key=value (repeat the flag for more)' },
    {
        name: 'settle',
        modes: ['append'],
        default: '3',
        meaning: 'seconds the final guard waits before reading the tag again; 0: no guard',
    },
    { name: 'orphan-horizon', modes: ['append'], default: '30', meaning: 'seconds an ambiguous write may still land' },
    { name: 'defer', modes: ['append'], default: 'false', meaning: 'save the record, write no tag (verify writes them)' },
    { name: 'dry-run', modes: WRITE, default: 'false', meaning: 'print the plan, write nothing' },
    {
        name: 'records',
        modes: WRITE,
        meaning: "directory the run's records are written to and read from (shared by the run's jobs)",
    },
    {
        name: 'records-retention',
        modes: ['append'],
        default: '7',
        meaning: 'days record artifacts are kept (Actions only)',
    },
    {
        name: 'sign',
        modes: ['verify'],
        default: 'false',
        meaning: 'sign each final index digest, keyless (Sigstore), as cosign v3 does; needs SIGSTORE_ID_TOKEN or GitHub OIDC',
    },
    {
        name: 'sign-tlog',
        modes: ['verify'],
        default: 'auto',
        meaning: 'auto (Rekor for a public repository, else a timestamp only), true (Rekor) or false (timestamp only)',
    },
    { name: 'sigstore-fulcio-url', modes: ['verify'], meaning: 'Fulcio base URL; default public-good' },
    { name: 'sigstore-rekor-url', modes: ['verify'], meaning: 'Rekor base URL; default public-good' },
    { name: 'sigstore-tsa-url', modes: ['verify'], meaning: 'timestamp authority URL; default public-good' },
    { name: 'sigstore-trusted-root', modes: ['verify'], meaning: 'trusted_root.json path; default public-good via TUF' },
    {
        name: 'cleanup',
        modes: ['verify'],
        default: 'false',
        meaning: 'on the GHCR registry, delete the untagged index versions this run wrote and superseded',
    },
    {
        name: 'github-token',
        modes: ['verify'],
        default: '${{ github.token }}',
        meaning: "token cleanup lists and deletes package versions with (the workflow's token; the CLI: GITHUB_TOKEN)",
    },
    {
        name: 'ghcr-registry',
        modes: WRITE,
        default: 'ghcr.io',
        meaning: 'the registry whose repositories are GitHub packages OWNER/NAME (GitHub Enterprise: containers.HOST)',
    },
    { name: 'prune', modes: ['verify'], default: 'false', meaning: 'remove platforms no record of this run names' },
    {
        name: 'partial',
        modes: ['verify'],
        default: 'false',
        meaning: 'in a defer run, publish although some platforms have no record',
    },
    {
        name: 'insecure-registries',
        modes: WRITE,
        meaning: 'hosts allowed over plain HTTP or unchecked TLS (loopback always is)',
    },
    {
        name: 'run-id',
        modes: WRITE,
        meaning: "the run the jobs share; default: the CI system's (GitHub, GitLab, Buildkite, Jenkins, CircleCI, Azure Pipelines), else local",
    },
    {
        name: 'run-attempt',
        modes: WRITE,
        meaning: "the run's attempt (a re-run is newer); default: the CI system's, else 1",
    },
    {
        name: 'debug',
        modes: ['matrix', 'append', 'verify'],
        default: 'false',
        meaning: 'print debug lines on stderr (as BAKE_FANOUT_DEBUG, or RUNNER_DEBUG=1)',
    },
];
const BOOLEAN_FLAGS = new Set([
    'dry-run',
    'prune',
    'defer',
    'partial',
    'sign',
    'debug',
    'cleanup',
]);
function flagsOf(mode) {
    return FLAGS.filter((f) => f.modes.includes(mode));
}

;// CONCATENATED MODULE: ./src/action/cli-help.ts
/**
 * What the command line says about itself: the top-level help (each command in a line,
 * the environment it reads, where credentials come from, exit codes) and each mode's
 * flags. Pure text; a test keeps the flags' meanings and defaults equal to action.yml's.
 */


const USAGE = `usage: bake-fanout <matrix|append|verify> [--flag value]...
       bake-fanout <matrix|append|verify> --help    the command's flags, with meaning and default
       bake-fanout help | version`;
/** `bake-fanout --help` (and `help`): on stdout, exit 0. */
function topLevelHelp() {
    return `bake-fanout ${version/* VERSION */.x}: build a multi-platform image with one job per platform, each on a
native runner, and merge every platform's digest into every tag, race-safe. The same code
as the GitHub Action, for GitLab CI, Buildkite, Jenkins, CircleCI, Azure Pipelines or a shell.

${USAGE}

commands:
  matrix    read the bake files; print one job per target and platform (JSON, or --format gitlab)
  append    after a platform job's bake: save its record, add its digest to every tag of its target
  verify    after all platform jobs: write each tag once from the run's records (repair, sign)
  version   print the version (also --version)
  help      this text (also --help); bake-fanout <command> --help lists the command's flags

Flags are named like the Action's inputs; a repeated flag adds a line. --debug, with any
command, prints debug lines on stderr.

output: stdout is one JSON object whose values are JSON values (matrix --format gitlab:
  YAML); logs and errors go to stderr.
exit status: 0 done; 1 failed (a registry, the network, a tag not written); 2 a usage
  error or a bad value, naming the flag (--cache, --files …), and nothing written.

credentials: as docker reads them, from $DOCKER_CONFIG/config.json (default
  ~/.docker/config.json), which \`docker login\` writes: \`auths\` (auth, identitytoken),
  \`credHelpers\` and \`credsStore\` (docker-credential-<name> get); each goes only to its
  registry (and that registry's token service), never to a redirect's other host.

environment:
  DOCKER_CONFIG                  the directory holding config.json (credentials)
  HTTPS_PROXY, HTTP_PROXY,       proxy for registry requests (lower-case names first);
    NO_PROXY                       NO_PROXY lists hosts and domains that go direct
  SIGSTORE_ID_TOKEN              the OIDC token verify --sign signs with (GitLab: id_tokens
                                   with aud: sigstore); inside GitHub Actions, GitHub's OIDC
  the run (--run-id, --run-attempt), the first system found:
    GitHub Actions               GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT
    GitLab CI                    CI_PIPELINE_ID
    Buildkite                    BUILDKITE_BUILD_NUMBER, BUILDKITE_RETRY_COUNT
    Jenkins                      BUILD_NUMBER (when JENKINS_URL is set)
    CircleCI                     CIRCLE_WORKFLOW_ID
    Azure Pipelines              BUILD_BUILDID, SYSTEM_JOBATTEMPT
    none of them                 run 'local', attempt 1
  BAKE_FANOUT_DEBUG, or          as --debug (RUNNER_DEBUG is what a GitHub re-run with
    RUNNER_DEBUG=1                 debug logging sets)
  GITHUB_STEP_SUMMARY            a file the job summary (markdown) is appended to
  bake file variables            read from the environment, as bake reads them
`;
}
/** `bake-fanout <mode> --help`: every flag of the mode, its meaning and default. */
function modeHelp(mode) {
    const flags = flagsOf(mode);
    const width = Math.max(...flags.map((f) => f.name.length)) + 4;
    return `usage: bake-fanout ${mode} [--flag value]...\n\nflags:\n${flags.map((f) => flagLine(f, width)).join('\n')}\n`;
}
function flagLine(flag, width) {
    const name = `--${flag.name}`.padEnd(width);
    return `  ${name}${flag.meaning}${flag.default !== undefined ? ` (default: ${flag.default})` : ''}`;
}
/** The flag of the mode nearest to one mistyped (`--cahce` → `--cache`), when one is near. */
function nearestFlag(mode, typed) {
    let best;
    for (const { name } of flagsOf(mode)) {
        const distance = editDistance(typed, name);
        if (distance <= Math.max(1, Math.floor(name.length / 4)) && (!best || distance < best.distance))
            best = { name, distance };
    }
    return best?.name;
}
/** Edits (insert, delete, substitute, swap two neighbours) from one name to the other. */
function editDistance(a, b) {
    const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => i + j));
    for (let i = 1; i <= a.length; i++)
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
                d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.length][b.length];
}

// EXTERNAL MODULE: ./src/action/inputs.ts + 1 modules
var action_inputs = __nccwpck_require__(82686);
;// CONCATENATED MODULE: ./src/action/cli-args.ts
/**
 * argv → what the command line was asked. Anything it cannot take is a UsageError that
 * carries the usage to show with it: the mode's flags once the mode is known, else the
 * commands. A flag's bad value is an InputError naming the flag (exit 2 either way).
 */




/** Usage errors: said with the usage on stderr, exit 2. */
class UsageError extends Error {
    usage;
    name = 'UsageError';
    constructor(message, 
    /** The usage to print below the message: the mode's flags, or the commands. */
    usage = USAGE) {
        super(message);
        this.usage = usage;
    }
}
const FORMATS = ['json', 'gitlab'];
const COMMAND_LINE_ONLY = new Set(['run-id', 'run-attempt', 'format', 'debug']);
/** Parses argv; throws UsageError on anything it cannot take. */
function parseArgs(argv) {
    const [first, ...rest] = argv;
    if (first === '--help' || first === '-h' || first === 'help')
        return { command: 'help' };
    if (first === '--version' || first === 'version')
        return { command: 'version' };
    if (!first)
        throw new UsageError('no command given');
    if (first.startsWith('-'))
        throw new UsageError(`'${first}' before the command: the command comes first`);
    if (!action_inputs/* MODES */.FN.includes(first))
        throw new UsageError(`unknown command '${first}'`);
    return parseModeArgs(first, rest);
}
function parseModeArgs(mode, rest) {
    const parsed = {
        command: 'mode',
        mode,
        values: new Map([['mode', mode]]),
        format: 'json',
        debug: false,
        help: false,
        version: false,
    };
    const usage = modeHelp(mode);
    const known = new Set(flagsOf(mode).map((f) => f.name));
    for (let i = 0; i < rest.length; i++) {
        const arg = rest[i];
        if (arg === '--help' || arg === '-h')
            parsed.help = true;
        else if (arg === '--version')
            parsed.version = true;
        else if (!arg.startsWith('--'))
            throw new UsageError(`unexpected argument '${arg}' (flags take --name value)`, usage);
        else {
            const eq = arg.indexOf('=');
            const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
            if (!known.has(name)) {
                const near = nearestFlag(mode, name);
                throw new UsageError(`unknown flag '--${name}' for ${mode}${near ? ` (did you mean --${near}?)` : ''}`, usage);
            }
            let value;
            if (eq >= 0)
                value = arg.slice(eq + 1);
            else if (BOOLEAN_FLAGS.has(name) && (rest[i + 1] === undefined || rest[i + 1].startsWith('--')))
                value = 'true';
            else if (rest[i + 1] !== undefined)
                value = rest[++i];
            else
                throw new UsageError(`flag '--${name}' needs a value`, usage);
            if (COMMAND_LINE_ONLY.has(name))
                setCommandLineFlag(parsed, name, value);
            else {
                const input = name;
                parsed.values.set(input, parsed.values.has(input) ? `${parsed.values.get(input)}\n${value}` : value);
            }
        }
    }
    return parsed;
}
function setCommandLineFlag(parsed, name, value) {
    if (name === 'run-id')
        parsed.runId = value;
    else if (name === 'run-attempt')
        parsed.runAttempt = value;
    else if (name === 'debug')
        parsed.debug = booleanFlag(name, value);
    else if (FORMATS.includes(value))
        parsed.format = value;
    else
        throw new errors/* InputError */.dz(name, `'${value}' is not one of ${FORMATS.join(', ')}`);
}
function booleanFlag(name, value) {
    if (/^(true|false)$/i.test(value))
        return /^true$/i.test(value);
    throw new errors/* InputError */.dz(name, `'${value}' is not true or false`);
}

// EXTERNAL MODULE: ./src/action/run.ts + 12 modules
var run = __nccwpck_require__(94838);
;// CONCATENATED MODULE: ./src/action/cli.ts
/**
 * `bake-fanout matrix|append|verify --files … --targets …`: the same code outside
 * Actions (GitLab, Buildkite, Jenkins, CircleCI, Azure Pipelines, a laptop). Flags are
 * named like the inputs; a repeated flag adds a line. stdout is one JSON object whose
 * values are JSON values (the matrix an array); logs go to stderr. Exit codes: 0 done,
 * 1 failed, 2 a usage error or a bad value (the flag named as typed, nothing written).
 */
















/** Output values that hold JSON: printed as JSON values, not strings of JSON. */
const JSON_OUTPUTS = new Set(['matrix', 'targets', 'tags', 'result', 'signed']);
const processIo = { env: process.env, out: stdio/* writeStdout */.j, err: stdio/* writeStderr */._ };
const EXIT = { done: 0, failed: 1, usage: 2 };
/** Logs on stderr, made inert: inside a CI runner that reads commands from a step's output, none starts there. */
function stderrLogger(err, debug) {
    return {
        info: (m) => err((0,inert/* inert */.t)(m) + '\n'),
        warning: (m) => err((0,inert/* inert */.t)(`warning: ${m}`) + '\n'),
        notice: (m) => err((0,inert/* inert */.t)(`notice: ${m}`) + '\n'),
        debug: (m) => {
            if (debug)
                err((0,inert/* inert */.t)(`debug: ${m}`) + '\n');
        },
        setSecret: () => { },
    };
}
/** Debug lines: --debug, BAKE_FANOUT_DEBUG, or a GitHub re-run with debug logging (RUNNER_DEBUG=1), as the Action. */
function debugEnabled(flag, env) {
    const set = (value) => value !== undefined && !/^(|0|false)$/i.test(value);
    return flag || set(env.BAKE_FANOUT_DEBUG) || env.RUNNER_DEBUG === '1';
}
/** The outputs as one JSON object of JSON values. */
function cliOutputs(outputs) {
    return Object.fromEntries(Object.entries(outputs).map(([name, value]) => [name, JSON_OUTPUTS.has(name) && value ? JSON.parse(value) : value]));
}
/** Runs one command line; returns the exit code. */
async function runCli(argv, io) {
    let debug = debugEnabled(false, io.env);
    const mode = action_inputs/* MODES */.FN.includes(argv[0]) ? argv[0] : undefined;
    try {
        const args = parseArgs(argv);
        if (args.command === 'help')
            return said(io.out, topLevelHelp());
        if (args.command === 'version' || args.version)
            return said(io.out, `${version/* VERSION */.x}\n`);
        debug = debugEnabled(args.debug, io.env);
        if (args.help)
            return said(io.out, modeHelp(args.mode));
        return await runMode(args, io, stderrLogger(io.err, debug));
    }
    catch (error) {
        return failed(error, io, debug, mode);
    }
}
async function runMode(args, io, log) {
    const read = (0,action_inputs/* readInputs */.Ko)((name) => args.values.get(name) ?? '', io.env.GITHUB_ACTIONS === 'true');
    // Only --format gitlab loads the pipeline renderer (a chunk of its own).
    const gitlab = args.format === 'gitlab' ? await __nccwpck_require__.e(/* import() */ 812).then(__nccwpck_require__.bind(__nccwpck_require__, 47812)) : undefined;
    const inputs = gitlab ? gitlab.forGitlab(read) : read;
    const runIdentity = runOf(args, io.env);
    log.debug(`run ${runIdentity.runId}, attempt ${runIdentity.runAttempt} (${args.runId ? '--run-id' : "the CI system's"})`);
    const deps = { exec: actions_exec/* execProgram */.S, env: io.env, log, idToken: github_oidc/* githubIdToken */.e, run: runIdentity };
    const result = await (0,run/* run */.e)(inputs, deps);
    io.out(gitlab ? gitlab.gitlabOutput(result.outputs, inputs) : (0,inert/* inertJson */.n)(cliOutputs(result.outputs)) + '\n');
    await (0,markdown/* writeStepSummary */.oG)(result.summary, io.env.GITHUB_STEP_SUMMARY, log.warning);
    if (!result.failure)
        return EXIT.done;
    io.err((0,inert/* inert */.t)(`error: ${result.failure}`) + '\n');
    return EXIT.failed;
}
/** --run-id and --run-attempt, else the CI system's. */
function runOf(args, env) {
    const ci = (0,record/* currentRun */.xh)(env);
    const runAttempt = args.runAttempt === undefined ? ci.runAttempt : Number(args.runAttempt);
    if (!/^\d+$/.test(args.runAttempt ?? '1') || !Number.isInteger(runAttempt) || runAttempt < 1)
        throw new errors/* InputError */.dz('run-attempt', `'${args.runAttempt}' is not a whole number from 1`);
    const runId = args.runId ?? ci.runId;
    if (!(0,runs/* isRunId */.Pk)(runId))
        throw new errors/* InputError */.dz('run-id', `'${runId}' is not a run id (letters, digits, . _ -)`);
    return { runId, runAttempt };
}
/**
 * The one catch: a usage error with its usage, a bad value naming the flag with where
 * to read about it (both exit 2), anything else exit 1 (with its stack under --debug).
 */
function failed(error, io, debug, mode) {
    io.err((0,inert/* inert */.t)(`error: ${(0,errors/* errorMessage */.gJ)(error, errors/* commandLineFlag */.Sx)}`) + '\n');
    if (error instanceof UsageError) {
        io.err(`\n${error.usage}${error.usage.endsWith('\n') ? '' : '\n'}`);
        return EXIT.usage;
    }
    if ((0,errors/* isInputError */.BT)(error)) {
        io.err(`see: bake-fanout ${mode ? `${mode} ` : ''}--help\n`);
        return EXIT.usage;
    }
    if (debug && error instanceof Error && error.stack)
        io.err((0,inert/* inert */.t)(`debug: ${error.stack}`) + '\n');
    return EXIT.failed;
}
function said(out, text) {
    out(text);
    return EXIT.done;
}
async function cli(argv) {
    process.exitCode = await runCli(argv, processIo);
}


/***/ }),

/***/ 95697:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   e: () => (/* binding */ githubIdToken)
/* harmony export */ });
const githubIdToken = async (audience) => {
    const url = process.env.ACTIONS_ID_TOKEN_REQUEST_URL;
    const runtimeToken = process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    if (!url || !runtimeToken)
        throw new Error('no OIDC token service: the job needs `permissions: id-token: write`');
    const { HttpClient } = await __nccwpck_require__.e(/* import() */ 942).then(__nccwpck_require__.bind(__nccwpck_require__, 44942));
    const { BearerCredentialHandler } = await __nccwpck_require__.e(/* import() */ 145).then(__nccwpck_require__.bind(__nccwpck_require__, 92145));
    const client = new HttpClient('bake-fanout', [new BearerCredentialHandler(runtimeToken)], {
        allowRetries: true,
        maxRetries: 3,
    });
    const answer = await client
        .getJson(`${url}&audience=${encodeURIComponent(audience)}`)
        .catch((error) => {
        throw new Error(`GitHub's OIDC service refused a token (HTTP ${error.statusCode ?? 'error'})`);
    });
    const token = answer.result?.value;
    if (typeof token !== 'string' || token === '')
        throw new Error("GitHub's OIDC service answered without a token");
    return token;
};


/***/ }),

/***/ 82686:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  FN: () => (/* binding */ MODES),
  Ko: () => (/* binding */ readInputs)
});

// UNUSED EXPORTS: INPUT_NAMES, splitLines, splitList

// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __nccwpck_require__(71922);
// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __nccwpck_require__(62148);
;// CONCATENATED MODULE: ./src/bake/target-tags.ts
/**
 * The tags of a packed matrix entry: one job builds several targets, so each tag line
 * says whose it is, `target=ref` (a ref never holds `=`). A plain line is a tag of every
 * target, as in an entry of one target. Pure.
 */


const TARGET_LINE = /^([a-zA-Z0-9_-]+)=(.*)$/;
function parseTagInput(items) {
    const lines = items.map((item) => {
        const match = TARGET_LINE.exec(item);
        return { target: match?.[1], ref: normalized(match ? match[2] : item) };
    });
    const named = lines.filter((line) => line.target !== undefined);
    if (named.length === 0)
        return { tags: lines.map((l) => l.ref) };
    if (named.length < lines.length) {
        throw new errors/* InputError */.dz('tags', 'either every line names its target (target=ref, as a packed matrix entry writes) or none');
    }
    // No prototype: a target may be named `constructor` or `__proto__`.
    const byTarget = Object.create(null);
    for (const { target, ref } of named)
        (byTarget[target] ??= []).push(ref);
    return { tags: lines.map((l) => l.ref), byTarget };
}
function normalized(tag) {
    try {
        return (0,reference/* normalizeTag */.CW)(tag.trim());
    }
    catch (error) {
        throw new errors/* InputError */.dz('tags', (0,errors/* errorMessage */.gJ)(error));
    }
}

// EXTERNAL MODULE: ./src/append/metadata.ts
var metadata = __nccwpck_require__(64655);
// EXTERNAL MODULE: ./src/matrix/plan.ts + 1 modules
var plan = __nccwpck_require__(1664);
// EXTERNAL MODULE: ./src/matrix/runners.ts
var runners = __nccwpck_require__(22178);
;// CONCATENATED MODULE: ./src/action/inputs.ts






const MODES = ['matrix', 'append', 'verify'];
/** Every input name, as action.yml declares it (CLI flags use the same names). */
const INPUT_NAMES = (/* unused pure expression or super */ null && ([
    'mode',
    'files',
    'targets',
    'workdir',
    'set',
    'runners',
    'cache',
    'metadata',
    'annotations',
    'tags',
    'settle',
    'orphan-horizon',
    'dry-run',
    'defer',
    'records',
    'prune',
    'partial',
    'records-retention',
    'insecure-registries',
    'max-entries',
    'sign',
    'sign-tlog',
    'sigstore-fulcio-url',
    'sigstore-rekor-url',
    'sigstore-tsa-url',
    'sigstore-trusted-root',
    'cleanup',
    'github-token',
    'ghcr-registry',
]));
const MAX_INPUT_BYTES = 1024 * 1024;
const MAX_SETTLE_SECONDS = 600;
const MAX_ENTRIES = 1_000_000;
function readInputs(get, insideActions) {
    const raw = (name) => {
        const value = get(name);
        const limit = name === 'metadata' ? metadata/* MAX_METADATA_BYTES */.Fx : MAX_INPUT_BYTES;
        if (Buffer.byteLength(value) > limit)
            throw new errors/* InputError */.dz(name, `longer than ${limit} bytes`);
        return value.trim();
    };
    const records = raw('records') || (insideActions ? 'artifact' : undefined);
    const mode = oneOf('mode', raw('mode'), MODES);
    return {
        mode,
        files: splitList(raw('files')),
        targets: splitList(raw('targets')),
        workdir: raw('workdir') || '.',
        set: splitLines(raw('set')),
        runners: (0,runners/* parseRunnerRules */.$b)(splitLines(raw('runners'))),
        cache: oneOf('cache', raw('cache') || 'none', ['none', 'gha']),
        metadata: raw('metadata'),
        ...parseAnnotations(splitLines(raw('annotations'))),
        ...tagInput(parseTagInput(splitList(raw('tags')))),
        settleSeconds: parseNumber('settle', raw('settle') || '3', MAX_SETTLE_SECONDS),
        orphanHorizonSeconds: parseNumber('orphan-horizon', raw('orphan-horizon') || '30', MAX_SETTLE_SECONDS),
        dryRun: parseBoolean('dry-run', raw('dry-run')),
        defer: parseBoolean('defer', raw('defer')),
        ...(records !== undefined && { records }),
        prune: parseBoolean('prune', raw('prune')),
        partial: parseBoolean('partial', raw('partial')),
        // Artifact retention, as the artifact service takes it: whole days, 1 to 90.
        recordsRetentionDays: parseCount('records-retention', raw('records-retention') || '7', 'days', 90),
        insecureRegistries: splitList(raw('insecure-registries')).map((h) => h.toLowerCase()),
        maxEntries: parseCount('max-entries', raw('max-entries') || String(plan/* GITHUB_MATRIX_LIMIT */.ex), 'entries', MAX_ENTRIES),
        sign: signOnlyInVerify(mode, parseBoolean('sign', raw('sign'))),
        signing: readSigning(raw),
        ...readCleanup(mode, raw),
    };
}
function tagInput({ tags, byTarget }) {
    return { tags, ...(byTarget && { targetTags: byTarget }) };
}
/** `cleanup` belongs to verify (the run's last writer); the registry is a host[:port]; the token is never echoed. */
function readCleanup(mode, raw) {
    const cleanup = parseBoolean('cleanup', raw('cleanup'));
    if (cleanup && mode !== 'verify')
        throw new errors/* InputError */.dz('cleanup', `cleanup belongs to verify (after every tag is final), not to ${mode}`);
    const ghcrRegistry = (raw('ghcr-registry') || 'ghcr.io').toLowerCase();
    if (!REGISTRY_HOST.test(ghcrRegistry))
        throw new errors/* InputError */.dz('ghcr-registry', `'${ghcrRegistry}' is not a registry host (host or host:port)`);
    const githubToken = raw('github-token');
    return { cleanup, ghcrRegistry, ...(githubToken && { githubToken }) };
}
const REGISTRY_HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/;
/** `sign` elsewhere than verify would silently sign nothing: refused instead. */
function signOnlyInVerify(mode, sign) {
    if (sign && mode !== 'verify')
        throw new errors/* InputError */.dz('sign', `signing belongs to verify (it signs the final index), not to ${mode}`);
    return sign;
}
function readSigning(raw) {
    const url = (name) => serviceUrl(name, raw(name));
    const [fulcioUrl, rekorUrl, tsaUrl] = [url('sigstore-fulcio-url'), url('sigstore-rekor-url'), url('sigstore-tsa-url')];
    const trustedRoot = raw('sigstore-trusted-root');
    return {
        ...(fulcioUrl && { fulcioUrl }),
        ...(rekorUrl && { rekorUrl }),
        ...(tsaUrl && { tsaUrl }),
        tlog: oneOf('sign-tlog', raw('sign-tlog') || 'auto', ['auto', 'true', 'false']),
        ...(trustedRoot && { trustedRoot }),
    };
}
/** A Sigstore service: https, or plain http on loopback only (Fulcio is sent the OIDC token). */
function serviceUrl(name, value) {
    if (value === '')
        return undefined;
    let url;
    try {
        url = new URL(value);
    }
    catch {
        throw new errors/* InputError */.dz(name, `'${value}' is not a URL`);
    }
    // Credentials in the URL are never echoed back.
    if (url.username || url.password)
        throw new errors/* InputError */.dz(name, 'a service URL must not carry credentials');
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (0,reference/* isLoopbackHost */.cW)(url.hostname)))
        throw new errors/* InputError */.dz(name, `'${value}': https only (plain http on loopback only: the identity token is sent there)`);
    if (url.search || url.hash)
        throw new errors/* InputError */.dz(name, `'${value}': a service's base URL, without query or fragment`);
    return value.replace(/\/+$/, '');
}
/** Newline- or comma-separated list. */
function splitList(value) {
    return value
        .split(/[\n,]/)
        .map((item) => item.trim())
        .filter((item) => item !== '');
}
/** One item per line (values may contain commas). */
function splitLines(value) {
    return value
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
}
function oneOf(name, value, allowed) {
    if (value === '')
        throw new errors/* InputError */.dz(name, `required: one of ${allowed.join(', ')}`);
    if (!allowed.includes(value)) {
        throw new errors/* InputError */.dz(name, `'${value}' is not one of ${allowed.join(', ')}`);
    }
    return value;
}
function parseBoolean(name, value) {
    if (value === '' || /^false$/i.test(value))
        return false;
    if (/^true$/i.test(value))
        return true;
    throw new errors/* InputError */.dz(name, `'${value}' is not true or false`);
}
function parseNumber(name, value, max) {
    const number = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(number) || number > max) {
        throw new errors/* InputError */.dz(name, `'${value}' is not a number of seconds from 0 to ${max}`);
    }
    return number;
}
/** A whole number of something (`entries`, `days`) from 1 to max. */
function parseCount(name, value, unit, max) {
    const count = Number(value);
    if (!/^\d+$/.test(value) || count < 1 || count > max)
        throw new errors/* InputError */.dz(name, `'${value}' is not a whole number of ${unit} from 1 to ${max}`);
    return count;
}
const ANNOTATION_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
/** metadata-action's and buildx's level prefixes: `index:`, `manifest[linux/amd64]:`, `index,manifest:` … */
const LEVELS = /^((?:index|manifest|index-descriptor|manifest-descriptor)(?:\[[^\]]*\])?(?:,(?:index|manifest|index-descriptor|manifest-descriptor)(?:\[[^\]]*\])?)*):/;
function parseAnnotations(lines) {
    const annotations = [];
    const otherAnnotations = { imageLevel: [], indexDescriptor: [] };
    for (const line of lines) {
        const levels = LEVELS.exec(line)?.[1];
        const pair = parseAnnotation(line, levels ? line.slice(levels.length + 1) : line);
        const kinds = new Set((levels ?? 'index').split(',').map((l) => l.replace(/\[.*$/, '')));
        if (kinds.has('index'))
            annotations.push(pair);
        if (kinds.has('manifest') || kinds.has('manifest-descriptor'))
            otherAnnotations.imageLevel.push(line);
        if (kinds.has('index-descriptor'))
            otherAnnotations.indexDescriptor.push(line);
    }
    return { annotations, otherAnnotations };
}
function parseAnnotation(line, text) {
    const eq = text.indexOf('=');
    const key = text.slice(0, Math.max(0, eq)).trim();
    if (eq < 0 || !ANNOTATION_KEY.test(key)) {
        throw new errors/* InputError */.dz('annotations', `'${line}': expected [level:]key=value with a key like org.opencontainers.image.source`);
    }
    return [key, text.slice(eq + 1)];
}


/***/ }),

/***/ 94838:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./src/common/fs.ts
var fs = __nccwpck_require__(49150);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(76760);
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __nccwpck_require__(71922);
// EXTERNAL MODULE: ./src/common/glob.ts
var glob = __nccwpck_require__(48807);
// EXTERNAL MODULE: ./src/bake/entries.ts
var entries = __nccwpck_require__(44521);
// EXTERNAL MODULE: ./src/common/json.ts
var common_json = __nccwpck_require__(29927);
;// CONCATENATED MODULE: ./src/bake/types.ts

/**
 * The native resolver met something only buildx can evaluate (an HCL function, an
 * expression, a matrix). The caller hands the files to `docker buildx bake --print`.
 */
class UnsupportedBakeError extends Error {
    file;
    key;
    what;
    constructor(file, key, what) {
        super(`${file}: ${key}: ${what} needs docker buildx bake to evaluate`);
        this.file = file;
        this.key = key;
        this.what = what;
        this.name = 'UnsupportedBakeError';
    }
}

;// CONCATENATED MODULE: ./src/bake/overrides.ts
/**
 * Bake `--set` overrides: `pattern.key[.name][+]=value`, where pattern is a target
 * name or a glob (`*`, `web-*`). Repeated list keys accumulate and `+=` appends to
 * the target's own value, as buildx does.
 */



/** The keys bake's `--set` takes (a line naming another is bad input). */
const LIST_KEYS = new Set([
    'tags',
    'platform',
    'output',
    'cache-from',
    'cache-to',
    'secrets',
    'ssh',
    'attest',
    'annotations',
    'entitlements',
    'policy',
    'no-cache-filter',
    'ulimits',
]);
const MAP_KEYS = new Set(['args', 'labels', 'contexts', 'extra-hosts']);
const SCALAR_KEYS = new Set(['context', 'dockerfile', 'target', 'call', 'shm-size', 'network']);
const BOOLEAN_KEYS = new Set(['no-cache', 'pull', 'push', 'load']);
/** Parses one `--set` line; throws with the reason. */
function parseOverride(line) {
    const eq = line.indexOf('=');
    if (eq < 0)
        throw new Error(`'${line}': expected target.key=value`);
    const rawKey = line.slice(0, eq).trim();
    const value = line.slice(eq + 1);
    const append = rawKey.endsWith('+');
    const parts = (append ? rawKey.slice(0, -1) : rawKey).split('.');
    if (parts.length < 2 || parts[0] === '')
        throw new Error(`'${line}': expected target.key=value`);
    const [pattern, key, ...rest] = parts;
    const entry = rest.length > 0 ? rest.join('.') : undefined;
    if (MAP_KEYS.has(key)) {
        if (!entry)
            throw new Error(`'${line}': ${key} needs a name (${key}.NAME=value)`);
    }
    else if (entry !== undefined || !(LIST_KEYS.has(key) || SCALAR_KEYS.has(key) || BOOLEAN_KEYS.has(key))) {
        throw new Error(`'${line}': unknown key '${parts.slice(1).join('.')}'`);
    }
    if (BOOLEAN_KEYS.has(key) && !/^(true|false|1|0)$/i.test(value)) {
        throw new Error(`'${line}': ${key} takes true or false`);
    }
    return { pattern, key, ...(entry !== undefined && { entry }), value, append };
}
/** Target names an override pattern applies to: the exact name, else every glob match. */
function matchTargets(pattern, targetNames) {
    if (targetNames.includes(pattern))
        return [pattern];
    const re = (0,glob/* globToRegExp */.t)(pattern);
    return targetNames.filter((name) => re.test(name));
}
/** Overrides per target name, in the order given. Throws when a pattern matches no target. */
function overridesByTarget(overrides, targetNames) {
    const byTarget = new Map();
    for (const override of overrides) {
        const names = matchTargets(override.pattern, targetNames);
        if (names.length === 0)
            throw new Error(`no target matches '${override.pattern}'`);
        for (const name of names)
            byTarget.set(name, [...(byTarget.get(name) ?? []), override]);
    }
    return byTarget;
}
/** The list keys a `--set` line replaces (or `+=` extends), and the field each fills. */
const LIST_FIELDS = [
    ['tags', 'tags'],
    ['platform', 'platforms'],
    ['output', 'output'],
    ['cache-from', 'cache-from'],
    ['cache-to', 'cache-to'],
];
/**
 * Applies one target's overrides to the fields this tool reads (a fresh object is
 * returned): for a list key, repeated lines accumulate and `+=` appends to the target's
 * own value; `contexts.NAME` sets one context; `call` replaces; `push` and `load` change
 * the outputs as buildx does. Every other key was checked by parseOverride (a typo is bad
 * input) and is buildx's to apply.
 */
function applyOverrides(definition, overrides) {
    const out = { ...definition };
    for (const [key, field] of LIST_FIELDS) {
        const group = overrides.filter((o) => o.key === key);
        if (group.length === 0)
            continue;
        const values = group.map((o) => o.value);
        out[field] = group[group.length - 1].append ? [...asList(out[field]), ...values] : values;
    }
    for (const o of overrides) {
        if (o.key === 'contexts' && o.entry !== undefined) {
            out.contexts = { ...((0,common_json/* isJsonObject */.O)(out.contexts) ? out.contexts : {}), [o.entry]: o.value };
        }
        if (o.key === 'call')
            out.call = o.value;
    }
    const push = lastValue(overrides, 'push');
    if (push !== undefined)
        out.output = pushOutputs(asList(out.output), push);
    if (lastValue(overrides, 'load') === 'true')
        out.output = loadOutputs(asList(out.output));
    return out;
}
function lastValue(overrides, key) {
    const value = overrides.filter((o) => o.key === key).pop()?.value;
    return value === undefined ? undefined : String(/^(true|1)$/i.test(value));
}
/**
 * `push`, as current buildx applies it: true pushes every image output, and adds one when
 * every output is a docker load (or there is none); false drops registry outputs and
 * stops image outputs pushing.
 */
function pushOutputs(outputs, push) {
    const pushed = (output) => ((0,common_json/* isJsonObject */.O)(output) ? { ...output, push } : `${String(output)},push=${push}`);
    if (push === 'false') {
        return outputs.filter((o) => outputType(o) !== 'registry').map((o) => (outputType(o) === 'image' ? pushed(o) : o));
    }
    const updated = outputs.map((o) => (outputType(o) === 'image' ? pushed(o) : o));
    return outputs.every((o) => outputType(o) === 'docker') ? [...updated, 'type=image,push=true'] : updated;
}
/** `load`: a docker output besides the others, unless there is one. */
function loadOutputs(outputs) {
    return outputs.some((output) => outputType(output) === 'docker') ? outputs : [...outputs, 'type=docker'];
}
function outputType(output) {
    try {
        return (0,entries/* entryType */.d9)((0,entries/* parseEntry */.ER)(output, 'output', 'output'));
    }
    catch {
        return ''; // reported with its reason when the target is finalised
    }
}
function asList(value) {
    if (value === undefined || value === null)
        return [];
    return Array.isArray(value) ? value : [value];
}

// EXTERNAL MODULE: ./src/image-index/platform.ts
var platform = __nccwpck_require__(20985);
;// CONCATENATED MODULE: ./src/bake/interpolate.ts
/**
 * `${VAR}` interpolation as bake applies it to JSON files (HCL's JSON syntax):
 * variables take their `default`, overridden by an environment variable of the same
 * name; `$${` is a literal `${`. Anything beyond a plain variable reference (functions,
 * operators, `%{` directives) is left to buildx via UnsupportedBakeError.
 */


/** Documented bounds: no real bake file comes near them; a generator's runaway does. */
const MAX_EXPANDED_CHARS = 1024 * 1024;
const MAX_VARIABLE_DEPTH = 64;
const TEMPLATE = /\$\$\{|%%\{|\$\{([^}]*)\}|%\{/g;
const IDENTIFIER = /^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*$/;
const WHOLE_REFERENCE = /^\$\{\s*([A-Za-z_][A-Za-z0-9_-]*)\s*\}$/;
class Interpolator {
    variables;
    env;
    resolved = new Map();
    resolving = new Set();
    constructor(variables, env) {
        this.variables = variables;
        this.env = env;
    }
    /** Interpolates every string inside `value` (object keys excluded). */
    apply(value, file, key) {
        if (typeof value === 'string')
            return this.applyString(value, file, key);
        if (Array.isArray(value))
            return value.map((item, i) => this.apply(item, file, `${key}[${i}]`));
        if ((0,common_json/* isJsonObject */.O)(value)) {
            const out = {};
            for (const [k, v] of Object.entries(value))
                out[k] = this.apply(v, file, `${key}.${k}`);
            return out;
        }
        return value;
    }
    applyString(text, file, key) {
        if (!text.includes('{'))
            return text;
        // "${LIST}" alone keeps the variable's type, as an HCL template of one interpolation does.
        const whole = WHOLE_REFERENCE.exec(text);
        if (whole)
            return this.variable(whole[1], file, key);
        let length = text.length;
        return text.replace(TEMPLATE, (match, expression) => {
            if (match === '$${')
                return '${';
            if (match === '%%{')
                return '%{';
            if (match === '%{')
                throw new UnsupportedBakeError(file, key, 'a template directive');
            const name = IDENTIFIER.exec(expression ?? '')?.[1];
            if (!name)
                throw new UnsupportedBakeError(file, key, `the expression '\${${expression}}'`);
            const value = stringify(this.variable(name, file, key), file, key);
            length += value.length;
            if (length > MAX_EXPANDED_CHARS) {
                throw new errors/* InputError */.dz('files', `${file}: ${key}: expands to more than ${MAX_EXPANDED_CHARS} characters`);
            }
            return value;
        });
    }
    variable(name, file, key) {
        if (this.resolved.has(name))
            return this.resolved.get(name);
        const fromEnv = this.env[name];
        const definition = this.variables.get(name);
        if (!definition)
            throw new Error(`${file}: ${key}: unknown variable '${name}'`);
        if (this.resolving.has(name))
            throw new Error(`${file}: variable '${name}' refers to itself`);
        if (this.resolving.size >= MAX_VARIABLE_DEPTH) {
            throw new errors/* InputError */.dz('files', `${file}: ${key}: variables refer to each other more than ${MAX_VARIABLE_DEPTH} deep`);
        }
        this.resolving.add(name);
        const value = fromEnv !== undefined ? fromEnv : this.apply(definition.value ?? '', definition.file, `variable.${name}.default`);
        this.resolving.delete(name);
        this.resolved.set(name, value);
        return value;
    }
}
function stringify(value, file, key) {
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number' || typeof value === 'boolean')
        return String(value);
    throw new UnsupportedBakeError(file, key, 'interpolating a list or object into a string');
}

// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __nccwpck_require__(62148);
;// CONCATENATED MODULE: ./src/bake/finalize.ts
/**
 * A resolved bake definition (after inherits and `--set`) → what this tool reads of a
 * target: tags and platforms normalised, outputs and caches parsed, and the targets it
 * builds on through `target:` contexts. Pure.
 */





/** bake's name for the builder's own platform: no runner can be chosen for it. */
const LOCAL_PLATFORM = 'local';
function finalizeTarget(name, definition, lookup) {
    const where = `target '${name}'`;
    const tags = splitList(definition.tags, `${where} tags`).map((tag) => {
        try {
            return (0,reference/* normalizeTag */.CW)(tag);
        }
        catch (error) {
            throw new errors/* InputError */.dz('files', `${where}: ${(0,errors/* errorMessage */.gJ)(error)}`);
        }
    });
    const platforms = splitList(definition.platforms, `${where} platforms`).map((text) => {
        if (text === LOCAL_PLATFORM)
            return text;
        try {
            return (0,platform/* formatPlatform */.Bq)((0,platform/* parsePlatform */.Y8)(text));
        }
        catch (error) {
            throw new errors/* InputError */.dz('files', `${where}: ${(0,errors/* errorMessage */.gJ)(error)}`);
        }
    });
    const call = definition.call ?? 'build';
    if (typeof call !== 'string')
        throw new errors/* InputError */.dz('files', `${where}: call must be a string`);
    return {
        name,
        tags: [...new Set(tags)],
        platforms: [...new Set(platforms)],
        outputs: finalize_entries(definition.output, 'output', `${where} output`),
        cacheFrom: finalize_entries(definition['cache-from'], 'cache', `${where} cache-from`),
        cacheTo: finalize_entries(definition['cache-to'], 'cache', `${where} cache-to`),
        call: call.trim().toLowerCase() || 'build',
        linked: linkedTargets(name, definition, lookup),
    };
}
function finalize_entries(value, kind, where) {
    if (value === undefined || value === null)
        return [];
    if (!Array.isArray(value))
        throw new errors/* InputError */.dz('files', `${where} must be a list`);
    return value.filter((item) => item !== '').flatMap((item) => (0,entries/* parseEntries */.Km)(item, kind, where));
}
/**
 * Every target reached through `target:` contexts, transitively, nearest first: bake
 * builds them for the platforms they are given, so a job building one platform must
 * give them that platform too. A loop is bad input, as bake says.
 */
function linkedTargets(root, definition, lookup) {
    const found = [];
    const visit = (name, body, path) => {
        for (const link of contextTargets(body, name)) {
            if (path.includes(link)) {
                throw new errors/* InputError */.dz('files', `target '${root}': target: contexts loop (${[...path, link].join(' → ')})`);
            }
            if (found.some((t) => t.name === link))
                continue;
            const linked = lookup(link);
            if (!linked)
                throw new errors/* InputError */.dz('files', `target '${name}': a context names unknown target '${link}'`);
            const where = `target '${link}'`;
            found.push({
                name: link,
                cacheFrom: finalize_entries(linked['cache-from'], 'cache', `${where} cache-from`),
                cacheTo: finalize_entries(linked['cache-to'], 'cache', `${where} cache-to`),
            });
            visit(link, linked, [...path, link]);
        }
    };
    visit(root, definition, [root]);
    return found;
}
function contextTargets(body, name) {
    const contexts = body.contexts ?? {};
    if (!(0,common_json/* isJsonObject */.O)(contexts))
        throw new errors/* InputError */.dz('files', `target '${name}': contexts must be an object`);
    return Object.values(contexts)
        .filter((value) => typeof value === 'string' && value.startsWith('target:'))
        .map((value) => value.slice('target:'.length));
}
/** A list of strings, each possibly comma-separated (as buildx accepts), empty items dropped. */
function splitList(value, what) {
    return stringList(value ?? [], 'files', what)
        .flatMap((item) => item.split(','))
        .map((item) => item.trim())
        .filter((item) => item !== '');
}
function stringList(value, input, what) {
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
        throw new errors/* InputError */.dz(input, `${what} must be a list of strings`);
    }
    return value;
}

;// CONCATENATED MODULE: ./src/bake/merge.ts
/**
 * How bake merges two definitions of a target (a parent into a child, or the same
 * target from a later file), as buildx's `Target.Merge` does: maps (`args`, `labels`,
 * `contexts`) merge key by key, the lists bake marks "merge" (`cache-from`,
 * `annotations`, `attest`, `secrets`, `ssh`, `no-cache-filter`) append, and every other
 * field, `tags`, `platforms`, `output` and `cache-to` among them, is replaced. A field the
 * later definition leaves out, or sets to null, keeps the earlier value.
 */

const MAP_FIELDS = new Set(['args', 'labels', 'contexts']);
const APPENDED_FIELDS = new Set(['cache-from', 'annotations', 'attest', 'secrets', 'ssh', 'no-cache-filter']);
function mergeTarget(base, later) {
    const out = { ...base };
    for (const [field, value] of Object.entries(later)) {
        if (value === undefined || value === null || field === 'inherits')
            continue;
        const earlier = out[field];
        if (MAP_FIELDS.has(field) && (0,common_json/* isJsonObject */.O)(earlier) && (0,common_json/* isJsonObject */.O)(value))
            out[field] = { ...earlier, ...value };
        else if (APPENDED_FIELDS.has(field) && Array.isArray(earlier) && Array.isArray(value))
            out[field] = [...earlier, ...value];
        else
            out[field] = value;
    }
    return out;
}

;// CONCATENATED MODULE: ./src/bake/resolve.ts
/**
 * Native resolution of JSON bake files: groups (nested), targets, multi-level
 * `inherits`, variables and `--set` overrides, with bake's semantics. Pure: files,
 * requested names, overrides and environment in; resolved targets out.
 */








const TARGET_NAME = /^[a-zA-Z0-9_-]+$/;
const DEFAULT_GROUP = 'default';
function resolveBake(files, options) {
    const config = collect(files);
    const interpolator = new Interpolator(config.variables, options.env);
    const space = {
        isGroup: (name) => config.groups.has(name),
        isTarget: (name) => config.targets.has(name),
        groupMembers: (name) => groupMembers(config, interpolator, name),
        allNames: () => [...config.groups.keys(), ...config.targets.keys()],
    };
    const names = expandRequested(options.targets, space);
    let overrides;
    try {
        overrides = overridesByTarget(options.overrides, [...config.targets.keys()]);
    }
    catch (error) {
        throw new errors/* InputError */.dz('set', (0,errors/* errorMessage */.gJ)(error));
    }
    const resolver = new TargetResolver(config, interpolator, overrides);
    const lookup = (name) => (config.targets.has(name) ? resolver.resolve(name, []) : undefined);
    return names.map((name) => ({
        ...finalizeTarget(name, resolver.resolve(name, []), lookup),
        nameBuildsGroup: nameBuildsGroup(name, space),
    }));
}
/** Resolves the output of `docker buildx bake --print` (already merged and overridden by buildx). */
function resolvePrinted(printed, requested) {
    if (!(0,common_json/* isJsonObject */.O)(printed) || !(0,common_json/* isJsonObject */.O)(printed.target)) {
        throw new errors/* InputError */.dz('files', 'docker buildx bake --print did not print a bake definition');
    }
    const groups = (0,common_json/* isJsonObject */.O)(printed.group) ? printed.group : {};
    const targets = printed.target;
    const space = {
        isGroup: (name) => (0,common_json/* isJsonObject */.O)(groups[name]),
        isTarget: (name) => (0,common_json/* isJsonObject */.O)(targets[name]),
        groupMembers: (name) => stringList(groups[name].targets, 'files', `group '${name}' targets`),
        allNames: () => [...Object.keys(groups), ...Object.keys(targets)],
    };
    const names = expandRequested(requested, space);
    const lookup = (name) => ((0,common_json/* isJsonObject */.O)(targets[name]) ? targets[name] : undefined);
    return names.map((name) => ({
        ...finalizeTarget(name, targets[name], lookup),
        nameBuildsGroup: nameBuildsGroup(name, space),
    }));
}
/** `bake <name>` builds more than the target of that name when a group of that name holds more. */
function nameBuildsGroup(name, space) {
    if (!space.isGroup(name))
        return false;
    try {
        const built = expandRequested([name], space);
        return built.length !== 1 || built[0] !== name;
    }
    catch {
        return true; // a group bake cannot even expand: not the target alone either
    }
}
function collect(files) {
    const config = { variables: new Map(), groups: new Map(), targets: new Map() };
    for (const { name: file, content } of files) {
        for (const [section, value] of Object.entries(content)) {
            if (!['variable', 'group', 'target'].includes(section))
                continue;
            if (!(0,common_json/* isJsonObject */.O)(value))
                throw new errors/* InputError */.dz('files', `${file}: '${section}' must be an object`);
            for (const [name, body] of Object.entries(value)) {
                if (!(0,common_json/* isJsonObject */.O)(body))
                    throw new errors/* InputError */.dz('files', `${file}: ${section}.${name} must be an object`);
                if (section === 'variable') {
                    config.variables.set(name, { file, value: body.default });
                    continue;
                }
                if (!TARGET_NAME.test(name)) {
                    throw new errors/* InputError */.dz('files', `${file}: invalid ${section} name '${name}' (allowed: letters, digits, _ and -)`);
                }
                const map = section === 'group' ? config.groups : config.targets;
                map.set(name, [...(map.get(name) ?? []), { file, body }]);
            }
        }
    }
    return config;
}
function groupMembers(config, interpolator, name) {
    return (config.groups.get(name) ?? []).flatMap(({ file, body }) => stringList(interpolator.apply(body.targets ?? [], file, `group.${name}.targets`), 'files', `${file}: group.${name}.targets`));
}
/**
 * Requested names → concrete target names, as buildx's `ResolveGroup` does: groups expand
 * depth-first, duplicates dropped; a member naming a group whose expansion is under way
 * (a group `nginx` listing `nginx`) names the target of that name.
 */
function expandRequested(requested, space) {
    const roots = requested.length > 0 ? requested : [DEFAULT_GROUP];
    if (requested.length === 0 && !space.isGroup(DEFAULT_GROUP) && !space.isTarget(DEFAULT_GROUP)) {
        throw new errors/* InputError */.dz('targets', `no targets given and the bake files define no '${DEFAULT_GROUP}' group`);
    }
    const out = new Map();
    const add = (name, from) => {
        if (!out.has(name))
            out.set(name, from);
    };
    for (const root of roots) {
        if (!(0,glob/* isGlob */.f)(root)) {
            expandGroup(root, space, new Map(), add);
            continue;
        }
        const re = (0,glob/* globToRegExp */.t)(root);
        const matches = space.allNames().filter((name) => re.test(name));
        if (matches.length === 0)
            throw new errors/* InputError */.dz('targets', `no target or group matches '${root}'`);
        matches.forEach((name) => expandGroup(name, space, new Map(), add));
    }
    for (const [name, from] of out) {
        if (!space.isTarget(name)) {
            const where = from ? ` (in group '${from}')` : '';
            throw new errors/* InputError */.dz('targets', `unknown target or group '${name}'${where}`);
        }
    }
    return [...out.keys()];
}
/**
 * Adds a name's targets (a name that is no group stands for itself) and says whether it
 * had any. `expanded` holds the groups seen: false while one is under way, so a member
 * naming it stands for the target of that name, as in buildx.
 */
function expandGroup(name, space, expanded, add, from) {
    const seen = expanded.get(name);
    if (seen !== undefined)
        return seen;
    if (!space.isGroup(name)) {
        add(name, from);
        return true;
    }
    expanded.set(name, false);
    let any = false;
    for (const member of space.groupMembers(name)) {
        if (!expandGroup(member, space, expanded, add, name))
            add(member, name);
        any = true;
    }
    expanded.set(name, any);
    return any;
}
/** A documented bound: real bake files inherit a few levels; a deeper chain is a generator's bug. */
const MAX_INHERITS_DEPTH = 64;
class TargetResolver {
    config;
    interpolator;
    overrides;
    memo = new Map();
    constructor(config, interpolator, overrides) {
        this.config = config;
        this.interpolator = interpolator;
        this.overrides = overrides;
    }
    /** Parents merged in order (later wins), then the target itself, then its overrides. */
    resolve(name, chain) {
        const cached = this.memo.get(name);
        if (cached)
            return cached;
        if (chain.includes(name)) {
            throw new errors/* InputError */.dz('files', `inherits cycle: ${[...chain, name].join(' → ')}`);
        }
        if (chain.length >= MAX_INHERITS_DEPTH) {
            throw new errors/* InputError */.dz('files', `target '${chain[0]}': its inherits chain is deeper than ${MAX_INHERITS_DEPTH} targets (at '${name}')`);
        }
        const parts = this.config.targets.get(name);
        if (!parts)
            throw new errors/* InputError */.dz('files', `target '${chain[chain.length - 1]}' inherits unknown target '${name}'`);
        let own = {};
        const parents = [];
        for (const { file, body } of parts) {
            const interpolated = this.interpolator.apply(body, file, `target.${name}`);
            checkNativeKeys(interpolated, file, name);
            parents.push(...stringList(interpolated.inherits ?? [], 'files', `${file}: target.${name}.inherits`));
            own = mergeTarget(own, interpolated);
        }
        let merged = {};
        for (const parent of parents)
            merged = mergeTarget(merged, this.resolve(parent, [...chain, name]));
        merged = mergeTarget(merged, own);
        const resolved = applyOverrides(merged, this.overrides.get(name) ?? []);
        this.memo.set(name, resolved);
        return resolved;
    }
}
function checkNativeKeys(body, file, name) {
    for (const key of ['matrix', 'name']) {
        if (key in body)
            throw new UnsupportedBakeError(file, `target.${name}.${key}`, `a target '${key}' attribute`);
    }
    const platforms = body.platforms;
    if (Array.isArray(platforms))
        assertNoDuplicatePlatforms(platforms, 'files', `${file}: target.${name}.platforms`);
}
/** A platform written twice in one list is a mistake bake would hide: say so. */
function assertNoDuplicatePlatforms(list, input, where) {
    const seen = new Map();
    for (const item of list.flatMap((v) => (typeof v === 'string' ? v.split(',') : []))) {
        const text = item.trim();
        if (text === '')
            continue;
        let key = text;
        try {
            key = (0,platform/* formatPlatform */.Bq)((0,platform/* parsePlatform */.Y8)(text));
        }
        catch {
            continue; // reported with its reason when the target is finalised
        }
        const previous = seen.get(key);
        if (previous !== undefined) {
            throw new errors/* InputError */.dz(input, `${where}: duplicate platform '${text}' (same as '${previous}')`);
        }
        seen.set(key, text);
    }
}

;// CONCATENATED MODULE: ./src/bake/load.ts
/**
 * Reads bake files from disk and resolves them: natively for JSON, through
 * `docker buildx bake --print` for HCL, compose, or JSON the native resolver
 * cannot evaluate (HCL functions, expressions).
 */






/** buildx's own lookup order when no file is named. */
const DEFAULT_BAKE_FILES = [
    'compose.yaml',
    'compose.yml',
    'docker-compose.yml',
    'docker-compose.yaml',
    'docker-bake.json',
    'docker-bake.hcl',
    'docker-bake.override.json',
    'docker-bake.override.hcl',
];
const MAX_FILE_BYTES = 16 * 1024 * 1024;
async function loadBake(source, exec) {
    const overrides = source.set.map((line) => {
        try {
            const override = parseOverride(line);
            if (override.key === 'platform')
                assertNoDuplicatePlatforms([override.value], 'set', `'${line}'`);
            return override;
        }
        catch (error) {
            if (error instanceof errors/* InputError */.dz)
                throw error;
            throw new errors/* InputError */.dz('set', (0,errors/* errorMessage */.gJ)(error));
        }
    });
    const files = await readBakeFiles(source);
    if (files.length === 0)
        return undefined;
    const nonJson = files.find((f) => f.json === undefined);
    if (!nonJson) {
        try {
            const parsed = files.map((f) => ({ name: f.name, content: f.json }));
            return resolveBake(parsed, { targets: source.targets, overrides, env: source.env });
        }
        catch (error) {
            if (!(error instanceof UnsupportedBakeError))
                throw error;
            return printWithBuildx(source, files, exec, error.message);
        }
    }
    return printWithBuildx(source, files, exec, `${nonJson.name} is not JSON (HCL or compose)`);
}
async function readBakeFiles(source) {
    const explicit = source.files.length > 0;
    const names = explicit ? source.files.map(localPath) : DEFAULT_BAKE_FILES;
    // Every name is looked up at once (most defaults are absent): one round trip to the file
    // system, not nine in a row (~2 ms of an append's start). A failure is reported as the
    // lookups in order would meet it: the working directory's first, then the files' as listed.
    const [workdir, ...reads] = await Promise.allSettled([
        checkWorkdir(source.workdir),
        ...names.map((name) => readBakeFile(external_node_path_default().resolve(source.workdir, name), name, explicit)),
    ]);
    if (workdir.status === 'rejected')
        throw workdir.reason;
    const files = [];
    for (const [i, read] of reads.entries()) {
        if (read.status === 'rejected')
            throw read.reason;
        if (read.value !== undefined)
            files.push({ name: names[i], text: read.value, json: parseJson(names[i], read.value) });
    }
    if (files.length === 0 && !source.optional) {
        throw new errors/* InputError */.dz('files', `no bake file found in '${source.workdir}' (looked for ${DEFAULT_BAKE_FILES.join(', ')})`);
    }
    return files;
}
/**
 * `cwd://docker-bake.json` is how docker/bake-action (and metadata-action's recipe)
 * names a file of the working directory rather than of the Git context: here every
 * file is read from `workdir`, so the prefix only goes.
 */
function localPath(name) {
    return name.startsWith('cwd://') ? name.slice('cwd://'.length) : name;
}
async function checkWorkdir(workdir) {
    let info;
    try {
        info = await (0,fs/* stat */.dJ)(workdir);
    }
    catch (error) {
        const code = error.code;
        const why = code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : `cannot be read (${code})`;
        throw new errors/* InputError */.dz('workdir', `'${workdir}' ${why}`);
    }
    if (!info.isDirectory())
        throw new errors/* InputError */.dz('workdir', `'${workdir}' is a file, not a directory`);
}
async function readBakeFile(fullPath, name, required) {
    try {
        const info = await (0,fs/* stat */.dJ)(fullPath);
        if (!info.isFile())
            throw new errors/* InputError */.dz('files', `'${name}' is not a file`);
        if (info.size > MAX_FILE_BYTES)
            throw new errors/* InputError */.dz('files', `'${name}' is larger than ${MAX_FILE_BYTES} bytes`);
        return await (0,fs/* readFile */.TA)(fullPath, 'utf8');
    }
    catch (error) {
        if (error.code !== 'ENOENT')
            throw error;
        if (required)
            throw new errors/* InputError */.dz('files', `file not found: '${name}' (in '${external_node_path_default().dirname(fullPath)}')`);
        return undefined;
    }
}
/** Parsed JSON, or undefined for HCL/compose. A `.json` file that does not parse is an error. */
function parseJson(name, text) {
    try {
        const json = JSON.parse(text);
        if (!(0,common_json/* isJsonObject */.O)(json))
            throw new errors/* InputError */.dz('files', `${name}: a bake file must hold a JSON object`);
        return json;
    }
    catch (error) {
        if (error instanceof errors/* InputError */.dz)
            throw error;
        if (name.toLowerCase().endsWith('.json') || text.trimStart().startsWith('{')) {
            throw new errors/* InputError */.dz('files', `${name}: malformed JSON: ${(0,errors/* errorMessage */.gJ)(error)}`);
        }
        return undefined;
    }
}
async function printWithBuildx(source, files, exec, reason) {
    const args = [
        'buildx',
        'bake',
        '--print',
        ...files.flatMap((f) => ['--file', f.name]),
        ...source.set.flatMap((s) => ['--set', s]),
        ...source.targets,
    ];
    let result;
    try {
        result = await exec('docker', args, { cwd: source.workdir });
    }
    catch (error) {
        throw new errors/* InputError */.dz('files', `${reason}, but docker buildx is not available: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    if (result.exitCode !== 0) {
        const detail = result.stderr.trim() || result.stdout.trim();
        throw new errors/* InputError */.dz('files', `${reason}; docker buildx bake --print failed (exit ${result.exitCode}): ${detail}`);
    }
    let printed;
    try {
        printed = JSON.parse(result.stdout);
    }
    catch (error) {
        throw new errors/* InputError */.dz('files', `docker buildx bake --print printed no JSON: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    return resolvePrinted(printed, source.targets);
}

// EXTERNAL MODULE: ./src/records/artifact.ts
var artifact = __nccwpck_require__(76662);
// EXTERNAL MODULE: ./src/records/store.ts + 1 modules
var records_store = __nccwpck_require__(6900);
// EXTERNAL MODULE: ./src/append/metadata.ts
var append_metadata = __nccwpck_require__(64655);
// EXTERNAL MODULE: ./src/append/plan.ts
var plan = __nccwpck_require__(16741);
// EXTERNAL MODULE: ./src/bake/annotations.ts
var annotations = __nccwpck_require__(5187);
;// CONCATENATED MODULE: ./src/append/validate.ts
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
    const metadata = (0,append_metadata/* parseMetadataText */.GL)(await readMetadataInput(options.metadata));
    const { targets, platformsKnown } = await appendTargets(options, metadata, deps);
    const results = (0,append_metadata/* buildResults */.rq)(metadata, targets.map((t) => t.name));
    const plans = targets.map((target, i) => (0,plan/* planTarget */.h)(target, results[i], options.annotations, platformsKnown));
    checkTagsOwned(plans);
    const records = await checkRecords(options, deps);
    const noStore = records !== undefined ? undefined : options.records === 'artifact' ? NO_ARTIFACT_SERVICE : NO_RECORDS;
    return { options: { ...options, records }, plans, results, ...(noStore && { noStore }) };
}
/**
 * The targets, their tags and platforms. With `tags` (fixed once in the matrix job), the
 * bake definition is read only for the platforms each build is checked against, and
 * not at all when there is no bake file: then the targets are `targets`, else the
 * metadata's. A packed entry's `tags` name each line's target: each target gets its own.
 */
async function appendTargets(options, metadata, deps) {
    const { workdir, files, targets: requested, set, tags } = options;
    const source = { workdir, files, targets: requested, set, env: deps.env };
    if (tags.length === 0) {
        const bake = await loadBake(source, deps.exec);
        return { targets: bake.map((t) => appendTarget(t, t.tags)), platformsKnown: true };
    }
    const bake = await loadBake({ ...source, optional: true }, deps.exec);
    const tagsOf = targetTagsLookup(options);
    if (bake) {
        checkTaggedTargets(options, bake.map((t) => t.name));
        return { targets: bake.map((t) => appendTarget(t, tagsOf(t.name))), platformsKnown: true };
    }
    deps.log.warning("no bake file: the build's platforms are not checked against the target's ('files' names one)");
    const names = requested.length > 0 ? requested : options.targetTags ? Object.keys(options.targetTags) : (0,append_metadata/* metadataTargets */.cu)(metadata);
    checkTaggedTargets(options, names);
    const targets = names.map((name) => ({ name, tags: tagsOf(name), platforms: [], indexAnnotations: [] }));
    return { targets, platformsKnown: false };
}
function appendTarget(target, tags) {
    return { name: target.name, platforms: target.platforms, tags, indexAnnotations: (0,annotations/* indexAnnotationsOf */.g)(target.outputs) };
}
/** A tag is one target's: two builds of a platform in one index would leave the pull to chance. */
function checkTagsOwned(plans) {
    const owner = new Map();
    for (const plan of plans) {
        for (const tag of plan.tags) {
            const other = owner.get(tag);
            if (other !== undefined && other !== plan.target) {
                throw new errors/* InputError */.dz('tags', `${tag} is a tag of both '${other}' and '${plan.target}': a tag holds one target's images`);
            }
            owner.set(tag, plan.target);
        }
    }
}
function targetTagsLookup({ tags, targetTags }) {
    return (target) => (targetTags ? (Object.hasOwn(targetTags, target) ? targetTags[target] : []) : tags);
}
/** Lines naming a target that is not appended would be dropped without a word: refused instead. */
function checkTaggedTargets({ targetTags }, targets) {
    if (!targetTags)
        return;
    const stray = Object.keys(targetTags).filter((name) => !targets.includes(name));
    if (stray.length > 0) {
        throw new errors/* InputError */.dz('tags', `names ${stray.map((s) => `'${s}'`).join(', ')}, not among the targets appended (${targets.join(', ')})`);
    }
}
/** The metadata input: JSON text, or a path to a file holding it. */
async function readMetadataInput(value) {
    if (value === '')
        throw new errors/* InputError */.dz('metadata', "required in append mode (docker/bake-action's metadata output)");
    if (/^\uFEFF?[{[]/.test(value))
        return value;
    try {
        const info = await (0,fs/* stat */.dJ)(value);
        if (info.size > append_metadata/* MAX_METADATA_BYTES */.Fx)
            throw new errors/* InputError */.dz('metadata', `file '${value}' is larger than ${append_metadata/* MAX_METADATA_BYTES */.Fx} bytes`);
        return await (0,fs/* readFile */.TA)(value, 'utf8');
    }
    catch (error) {
        if (error instanceof errors/* InputError */.dz)
            throw error;
        throw new errors/* InputError */.dz('metadata', `is neither JSON nor a readable file: '${value.slice(0, 200)}'`);
    }
}
/** The records input, checked before any registry request: the store to use, or none (the settle-only guard). */
async function checkRecords(options, deps) {
    const { records, dryRun, defer } = options;
    const artifactsMissing = records === 'artifact' && !deps.artifacts && !(0,artifact/* hasArtifactService */.ob)(deps.env);
    const usable = artifactsMissing ? undefined : records;
    if (usable === undefined && defer) {
        const where = artifactsMissing ? 'GitHub Enterprise Server has no v4 artifact service: ' : '';
        throw new errors/* InputError */.dz('defer', `${where}needs 'records' (a directory shared with verify)`);
    }
    if (usable === 'artifact' && !deps.artifacts)
        (0,artifact/* assertActionsRuntime */.GZ)(deps.env);
    if (usable !== undefined && usable !== 'artifact' && !dryRun)
        await (0,records_store/* prepareRecordDirectory */.Yh)(usable);
    return usable;
}

// EXTERNAL MODULE: ./src/matrix/plan.ts + 1 modules
var matrix_plan = __nccwpck_require__(1664);
// EXTERNAL MODULE: ./src/common/markdown.ts
var markdown = __nccwpck_require__(83932);
// EXTERNAL MODULE: ./src/matrix/runners.ts
var runners = __nccwpck_require__(22178);
// EXTERNAL MODULE: ./src/bake/output-types.ts
var output_types = __nccwpck_require__(39024);
;// CONCATENATED MODULE: ./src/matrix/selection.ts
/**
 * Which targets of the selection fan out: those that push an image (tags, platforms,
 * and an image or registry output, or none). The rest, a lint or test target, a binary
 * export, a builder stage loaded into docker, are left out with the reason, or refused
 * when the user named them directly. Pure.
 */




/** `named`: what the user wrote in `targets`; a target named there that pushes no image is an error. */
function selectImageTargets(targets, named) {
    const images = [];
    const leftOut = [];
    for (const target of targets) {
        const why = whyNoImage(target);
        if (why === undefined)
            images.push(checkBuildableAlone(target));
        else if (named.includes(target.name))
            throw new errors/* InputError */.dz('targets', `target '${target.name}' ${why}`);
        else
            leftOut.push({ target: target.name, why });
    }
    if (images.length === 0) {
        const reasons = leftOut.map((l) => `'${l.target}' ${l.why}`).join('; ');
        throw new errors/* InputError */.dz('targets', `no target of the selection pushes an image: ${reasons}`);
    }
    return { images, leftOut };
}
/** A job builds its target by name: that name must build the target alone, and push one image output. */
function checkBuildableAlone(target) {
    if (target.nameBuildsGroup) {
        throw new errors/* InputError */.dz('targets', `target '${target.name}' has the name of a group that holds more: bake builds the group for that name, so no job can build the target alone (rename the group or the target)`);
    }
    const images = target.outputs.filter(output_types/* isImageOutput */.n).length;
    if (images > 1) {
        throw new errors/* InputError */.dz('targets', `target '${target.name}' has ${images} image outputs; a platform job pushes its build to the repositories of the tags once (keep one image output)`);
    }
    return target;
}
/** Why a target pushes no image, or undefined when it does. */
function whyNoImage(target) {
    if (target.call !== 'build')
        return `is a '${target.call}' call: it builds no image`;
    if (target.outputs.length > 0 && !target.outputs.some(output_types/* isImageOutput */.n)) {
        const types = [...new Set(target.outputs.map((o) => (0,entries/* entryType */.d9)(o) || '(no type)'))];
        return `exports ${types.map((t) => `type=${t}`).join(', ')}, not an image to a registry`;
    }
    if (target.tags.length === 0)
        return 'has no tags: nothing to push the platforms to';
    if (target.platforms.length === 0)
        return "has no platforms: set 'platforms' in the bake file";
    if (target.platforms.includes(LOCAL_PLATFORM))
        return "builds for 'local', the builder's own platform, not for a runner's";
    return undefined;
}

;// CONCATENATED MODULE: ./src/matrix/mode.ts
/** `matrix` mode: bake files → per-platform job matrix. */





async function runMatrix(inputs, deps) {
    const targets = await loadBake({ workdir: inputs.workdir, files: inputs.files, targets: inputs.targets, set: inputs.set, env: deps.env }, deps.exec);
    const { images, leftOut } = selectImageTargets(targets, inputs.targets);
    for (const { target, why } of leftOut)
        deps.log.notice(`target '${target}' is left out of the matrix: it ${why}`);
    const entries = (0,matrix_plan/* buildMatrix */.Kn)(images, {
        runners: inputs.runners,
        cache: inputs.cache,
        set: inputs.set,
        maxEntries: inputs.maxEntries,
        // GitHub's cap on a job's outputs; elsewhere (a GitLab child pipeline, a file) none.
        maxOutputBytes: deps.env.GITHUB_ACTIONS === 'true' ? matrix_plan/* MATRIX_OUTPUT_BUDGET_BYTES */.G2 : Infinity,
    });
    deps.log.info(entryLog(entries, images.length));
    const tags = Object.fromEntries(images.map((t) => [t.name, t.tags]));
    return {
        outputs: {
            matrix: JSON.stringify(entries),
            targets: JSON.stringify(images.map((t) => t.name)),
            tags: JSON.stringify(tags),
        },
        summary: matrixSummary(entries, tags, leftOut),
    };
}
/** Entries listed in the log and the job summary; the rest are counted (GitHub caps a summary at 1 MiB). */
const LISTED_ENTRIES = 256;
/** One log write: the count, then an entry per line up to LISTED_ENTRIES. */
function entryLog(entries, targets) {
    const lines = entries
        .slice(0, LISTED_ENTRIES)
        .map((e) => `  ${e.slug}: ${e.platform} on ${JSON.stringify(e.runner)}${e.qemu ? ' (QEMU)' : ''}${packedNote(e)}`);
    const more = entries.length > LISTED_ENTRIES ? [`  … and ${entries.length - LISTED_ENTRIES} more`] : [];
    return [`${entries.length} matrix entries for ${targets} targets`, ...lines, ...more].join('\n');
}
function packedNote(entry) {
    const count = entry.target.split('\n').length;
    return count > 1 ? ` (${count} targets)` : '';
}
function matrixSummary(entries, tags, leftOut = []) {
    const listed = entries.slice(0, LISTED_ENTRIES);
    const more = entries.length > listed.length ? `\n… and ${entries.length - listed.length} more entries\n` : '';
    const rows = listed.map((e) => {
        const targets = e.target.split('\n');
        return [
            targets.join(', '),
            { html: (0,markdown/* code */.aY)(e.platform) },
            { html: (0,runners/* labelsOf */.PC)(e.runner).map(markdown/* code */.aY).join(' ') },
            e.qemu ? 'yes' : 'no',
            {
                html: targets
                    .flatMap((t) => tags[t])
                    .map(markdown/* code */.aY)
                    .join('<br>'),
            },
        ];
    });
    const omitted = leftOut.length === 0
        ? ''
        : `\nLeft out (they push no image):\n\n${(0,markdown/* markdownTable */.Qj)(['target', 'why'], leftOut.map((l) => [l.target, l.why]))}`;
    return (`### bake-fanout matrix: ${entries.length} jobs\n\n` +
        (0,markdown/* markdownTable */.Qj)(['target', 'platform', 'runner', 'QEMU', 'tags'], rows) +
        more +
        omitted);
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(73024);
;// CONCATENATED MODULE: ./src/signing/id-token.ts
/** Where the OIDC token that Fulcio certifies comes from: SIGSTORE_ID_TOKEN, else GitHub's OIDC service. */
const SIGSTORE_AUDIENCE = 'sigstore';
/**
 * The token source, or undefined when none can be had: no SIGSTORE_ID_TOKEN, and no
 * GitHub OIDC service (a job without `id-token: write`, a pull request from a fork).
 * GitHub's is asked anew for each certificate (one lives 10 minutes); SIGSTORE_ID_TOKEN
 * is the one token given, and must outlast the run.
 */
function identityTokenSource(env, github) {
    const given = env.SIGSTORE_ID_TOKEN?.trim();
    if (given)
        return { fetch: async () => given, renewable: false };
    if (github && env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)
        return { fetch: () => github(SIGSTORE_AUDIENCE), renewable: true };
    return undefined;
}

// EXTERNAL MODULE: ./src/records/record.ts + 1 modules
var record = __nccwpck_require__(52549);
// EXTERNAL MODULE: ./src/verify/plan.ts
var verify_plan = __nccwpck_require__(48054);
;// CONCATENATED MODULE: ./src/verify/validate.ts
/**
 * Verify's first phase: this run's records, read and planned, before any network code
 * is loaded (a directory store needs none; the artifact store loads its own client).
 */







async function validateVerify(options, deps) {
    const recorded = await runRecords(options, deps);
    const byTarget = options.targets.length > 0 ? recorded.filter((r) => options.targets.includes(r.target)) : recorded;
    if (byTarget.length === 0)
        throw new errors/* InputError */.dz('targets', `no record of this run is of ${options.targets.join(', ')}: verify acts on those targets' records`);
    const records = options.tags.length > 0 ? (0,verify_plan/* recordsForTags */.N6)(byTarget, options.tags) : byTarget;
    if (records.length === 0) {
        throw new errors/* InputError */.dz('tags', `no record of this run names ${options.tags.join(', ')}: verify acts on the records of the tags it is given`);
    } // All or nothing per release (a target in its fan-out), for the releases verify acts on.
    const releases = new Set(records.map(record/* releaseOf */.l7));
    const ofReleases = recorded.filter((r) => releases.has((0,record/* releaseOf */.l7)(r)));
    const tokenSource = options.sign ? checkSigning(options.signing, ofReleases, deps) : undefined;
    const missing = (0,verify_plan/* missingPlatforms */.z3)(ofReleases);
    const unbuilt = (0,verify_plan/* missingPlatforms */.z3)(ofReleases, { deferredOnly: false });
    return {
        options,
        records,
        plans: (0,verify_plan/* planVerify */.TU)(records, options.annotations),
        missing,
        unbuilt,
        ...(tokenSource && { tokenSource }),
    };
}
/**
 * What can refuse signing from the inputs and records alone, before any network: no
 * token, a private Sigstore without its trust root, an unreadable trust root, and a
 * release whose records cannot tell a missing platform (a signature would vouch for it).
 * prepareSigning checks the token's claims and the trust root's contents next.
 */
function checkSigning(signing, records, deps) {
    const tokenSource = identityTokenSource(deps.env, deps.idToken);
    if (!tokenSource)
        throw new errors/* InputError */.dz('sign', 'no identity token to sign with: give the verify job `permissions: id-token: write` (pull requests from forks get none: sign on pushes only), or set SIGSTORE_ID_TOKEN');
    if ((signing.fulcioUrl || signing.rekorUrl || signing.tsaUrl) && !signing.trustedRoot)
        throw new errors/* InputError */.dz('sigstore-trusted-root', "required with sigstore-fulcio-url, -rekor-url or -tsa-url: the public-good root cannot check a private Sigstore's signatures");
    if (signing.trustedRoot && !isReadableFile(signing.trustedRoot))
        throw new errors/* InputError */.dz('sigstore-trusted-root', `${signing.trustedRoot} is not a readable file`);
    const unchecked = [...new Set(records.filter((r) => !r.targetPlatforms).map((r) => r.target))];
    if (unchecked.length > 0)
        throw new errors/* InputError */.dz('sign', `target ${unchecked.join(', ')}: its records state no target platforms (appended without a bake file), so a platform job that failed cannot be told, and a signature would vouch for what is missing: give append the bake file`);
    return tokenSource;
}
function isReadableFile(path) {
    try {
        (0,external_node_fs_.accessSync)(path, external_node_fs_.constants.R_OK);
        return (0,external_node_fs_.statSync)(path).isFile();
    }
    catch {
        return false;
    }
}
/** This run's records; those of other runs (a shared directory) are listed and left out. */
async function runRecords(options, deps) {
    if (options.records === 'artifact' && !deps.artifacts && !(0,artifact/* hasArtifactService */.ob)(deps.env)) {
        throw new errors/* InputError */.dz('records', 'GitHub Enterprise Server has no v4 artifact service: give the directory the append steps wrote their records to');
    }
    const store = (0,records_store/* openRecordStore */.TD)(options.records, () => (deps.artifacts ?? artifact/* actionsArtifactService */.lg)(deps.env), {
        onSkipped: (file, reason) => deps.log.warning(`records: skipped ${JSON.stringify(file)}: ${reason}`),
        ...(deps.clock && { clock: deps.clock }),
    });
    if (!store)
        throw new errors/* InputError */.dz('records', 'required outside Actions: the directory the append steps wrote their records to');
    const { runId } = deps.run ?? (0,record/* currentRun */.xh)(deps.env);
    const all = await store.loadAll();
    const others = all.filter((r) => r.runId !== runId);
    for (const r of others) {
        deps.log.info(`ignored: record of run ${r.runId} (${r.target} ${r.platforms.join(', ')}, ${r.digest})`);
    }
    const records = all.filter((r) => r.runId === runId);
    if (records.length === 0) {
        const ignored = others.length > 0 ? ` (${others.length} of other runs ignored)` : '';
        throw new errors/* InputError */.dz('records', `no bake-fanout records of run ${runId} in ${store.description}${ignored}: did the append jobs of this run save them there?`);
    }
    return records;
}

;// CONCATENATED MODULE: ./src/action/run.ts



async function run(inputs, deps) {
    switch (inputs.mode) {
        case 'matrix':
            return runMatrix(inputs, deps);
        case 'append': {
            // Everything that can refuse the input runs before the registry code is loaded.
            const validated = await validateAppend(inputs, deps);
            return (await __nccwpck_require__.e(/* import() */ 990).then(__nccwpck_require__.bind(__nccwpck_require__, 70990))).runAppend(validated, deps);
        }
        case 'verify': {
            const validated = await validateVerify(inputs, deps);
            return (await __nccwpck_require__.e(/* import() */ 990).then(__nccwpck_require__.bind(__nccwpck_require__, 70990))).runVerify(validated, deps);
        }
    }
}


/***/ }),

/***/ 64655:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Fx: () => (/* binding */ MAX_METADATA_BYTES),
/* harmony export */   GL: () => (/* binding */ parseMetadataText),
/* harmony export */   cu: () => (/* binding */ metadataTargets),
/* harmony export */   rq: () => (/* binding */ buildResults)
/* harmony export */ });
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(71922);
/* harmony import */ var _common_json_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(29927);
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(62148);
/**
 * docker/bake-action's `metadata` output: a JSON object keyed by target, with
 * `containerimage.digest`, `containerimage.descriptor` and `image.name` per target
 * (plus a `buildx.build.warnings` key to skip). Pure parsing and validation.
 */



/** Bake metadata, as text or in a file: a few KB per target in practice. */
const MAX_METADATA_BYTES = 16 * 1024 * 1024;
const SKIPPED_KEYS = new Set(['buildx.build.warnings']);
function parseMetadataText(text) {
    let json;
    try {
        // A file saved with a UTF-8 byte order mark (Windows editors, PowerShell's Out-File) is the same JSON.
        json = JSON.parse(text.replace(/^\uFEFF/, ''));
    }
    catch (error) {
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('metadata', `not valid JSON: ${(0,_common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error)}`);
    }
    if (!(0,_common_json_js__WEBPACK_IMPORTED_MODULE_2__/* .isJsonObject */ .O)(json))
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('metadata', 'must be a JSON object keyed by target');
    return json;
}
/** The targets the metadata holds results of. */
function metadataTargets(metadata) {
    return Object.keys(metadata).filter((k) => !SKIPPED_KEYS.has(k));
}
/** The build result of each requested target; every one must be in the metadata. */
function buildResults(metadata, targets) {
    const available = metadataTargets(metadata);
    return targets.map((target) => {
        const entry = metadata[target];
        if (!(0,_common_json_js__WEBPACK_IMPORTED_MODULE_2__/* .isJsonObject */ .O)(entry)) {
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('metadata', `has no target '${target}' (it has: ${available.join(', ') || 'nothing'})`);
        }
        return buildResult(target, entry);
    });
}
function buildResult(target, entry) {
    const where = `target '${target}'`;
    if (entry['containerimage.digest'] === undefined) {
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('metadata', `${where} has no containerimage.digest: was an image pushed (output type=image)?`);
    }
    let digest;
    try {
        digest = (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .assertDigest */ .V7)(entry['containerimage.digest'], `${where} containerimage.digest`);
    }
    catch (error) {
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('metadata', (0,_common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error));
    }
    const descriptor = entry['containerimage.descriptor'];
    let mediaType;
    let size;
    if ((0,_common_json_js__WEBPACK_IMPORTED_MODULE_2__/* .isJsonObject */ .O)(descriptor)) {
        if (descriptor.digest !== undefined && descriptor.digest !== digest) {
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('metadata', `${where}: containerimage.descriptor.digest differs from containerimage.digest`);
        }
        mediaType = typeof descriptor.mediaType === 'string' ? descriptor.mediaType : undefined;
        size = typeof descriptor.size === 'number' ? descriptor.size : undefined;
    }
    const name = entry['image.name'];
    if (typeof name !== 'string' || name.trim() === '') {
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('metadata', `${where} has no image.name: use the matrix entry's set lines (push by digest)`);
    }
    const repositories = name.split(',').map((item) => {
        try {
            return (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .repositoryName */ .aR)((0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .parseReference */ .F2)(item));
        }
        catch (error) {
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('metadata', `${where} image.name: ${(0,_common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error)}`);
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


/***/ }),

/***/ 16741:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ checkBuildPlatforms),
/* harmony export */   h: () => (/* binding */ planTarget)
/* harmony export */ });
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(71922);
/* harmony import */ var _image_index_platform_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(20985);
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(62148);



function planTarget(target, build, annotations, platformsKnown = true) {
    if (target.tags.length === 0)
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('targets', `target '${target.name}' has no tags to append to`);
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
        // A tag named twice (in `tags`, or by two lines of the bake file) is written once.
        if (!plan.tags.includes(ref.tag))
            plan.tags.push(ref.tag);
    }
    return {
        target: target.name,
        digest: build.digest,
        sources,
        repositories: [...byRepository.values()],
        tags: [...new Set(target.tags)],
        ...(platformsKnown && { platforms: target.platforms }),
        annotations: [...new Map([...target.indexAnnotations, ...annotations])],
    };
}
/** Refuses a build holding a platform the target does not build (a wrong digest, or a wrong target). */
function checkBuildPlatforms(plan, built) {
    if (!plan.platforms)
        return;
    const platforms = plan.platforms;
    const foreign = built.filter((p) => !platforms.includes((0,_image_index_platform_js__WEBPACK_IMPORTED_MODULE_1__/* .basePlatform */ .Hu)(p)));
    if (foreign.length === 0)
        return;
    const builds = platforms.length > 0 ? platforms.join(', ') : 'no platforms';
    throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('metadata', `target '${plan.target}': ${plan.digest} holds ${foreign.join(', ')}, but the target builds ${builds}`);
}


/***/ }),

/***/ 5187:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ indexAnnotationsOf),
/* harmony export */   o: () => (/* binding */ isIndexAnnotation)
/* harmony export */ });
/* harmony import */ var _output_types_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(39024);

const INDEX = 'annotation-index.';
const INDEX_DESCRIPTOR = 'annotation-index-descriptor.';
function isIndexAnnotation(key) {
    return key.startsWith(INDEX) || key.startsWith(INDEX_DESCRIPTOR);
}
/** `annotation-index.*` of the target's first image output, as index annotations `[key, value]`. */
function indexAnnotationsOf(outputs) {
    const image = outputs.find(_output_types_js__WEBPACK_IMPORTED_MODULE_0__/* .isImageOutput */ .n);
    if (!image)
        return [];
    return image.attrs
        .filter(([key]) => key.startsWith(INDEX) && key.length > INDEX.length)
        .map(([key, value]) => [key.slice(INDEX.length), value]);
}


/***/ }),

/***/ 44521:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   ER: () => (/* binding */ parseEntry),
/* harmony export */   Km: () => (/* binding */ parseEntries),
/* harmony export */   Vx: () => (/* binding */ withAttribute),
/* harmony export */   WL: () => (/* binding */ formatEntry),
/* harmony export */   YS: () => (/* binding */ withoutAttributes),
/* harmony export */   d9: () => (/* binding */ entryType),
/* harmony export */   lt: () => (/* binding */ attribute)
/* harmony export */ });
/* unused harmony export csvFields */
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(71922);
/* harmony import */ var _common_json_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(29927);
/**
 * Output and cache entries as bake reads them: `type=registry,"name=a,b",compression=zstd`
 * (CSV fields, each `key=value`, quoted as Go's encoding/csv quotes), a shorthand (an
 * output `./bin` is `type=local,dest=./bin`, `-` is a tar on stdout; a cache `user/app:cache`
 * is a registry ref), or the object form newer `bake --print` writes. Pure.
 */


/**
 * One item of an `output`/`cache-*` list as entries: a cache item of bare refs only
 * (`user/app:a,user/app:b`) is one registry cache per ref, as buildx reads it.
 */
function parseEntries(value, kind, where) {
    if (kind === 'cache' && typeof value === 'string') {
        const fields = csvFields(value, where);
        if (fields.length > 1 && fields.every((f) => f !== '' && !f.includes('='))) {
            return fields.map((ref) => shorthand(ref, 'cache'));
        }
    }
    return [parseEntry(value, kind, where)];
}
function parseEntry(value, kind, where) {
    if ((0,_common_json_js__WEBPACK_IMPORTED_MODULE_1__/* .isJsonObject */ .O)(value)) {
        return { attrs: Object.entries(value).map(([key, v]) => [key, attributeText(v, `${where}: ${key}`)]) };
    }
    if (typeof value !== 'string')
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('files', `${where}: an entry must be a string or an object`);
    const fields = csvFields(value, where);
    if (fields.length === 1 && !fields[0].includes('='))
        return shorthand(fields[0], kind);
    return {
        attrs: fields.map((field) => {
            const eq = field.indexOf('=');
            if (eq <= 0)
                throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('files', `${where}: '${field}' is not key=value`);
            return [field.slice(0, eq).trim().toLowerCase(), field.slice(eq + 1)];
        }),
    };
}
function shorthand(text, kind) {
    if (kind === 'cache')
        return {
            attrs: [
                ['type', 'registry'],
                ['ref', text],
            ],
        };
    if (text === '-')
        return {
            attrs: [
                ['type', 'tar'],
                ['dest', '-'],
            ],
        };
    return {
        attrs: [
            ['type', 'local'],
            ['dest', text],
        ],
    };
}
function attributeText(value, where) {
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number' || typeof value === 'boolean')
        return String(value);
    throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('files', `${where}: an attribute must be a string, number or boolean`);
}
/** The entry's type; bake's default for an entry without one is an image (outputs) or registry (caches). */
function entryType(entry) {
    return attribute(entry, 'type') ?? '';
}
function attribute(entry, key) {
    return entry.attrs.find(([k]) => k === key)?.[1];
}
/** A copy with `key` set: in its place when present, else appended. */
function withAttribute(entry, key, value) {
    const present = entry.attrs.some(([k]) => k === key);
    return {
        attrs: present
            ? entry.attrs.map(([k, v]) => (k === key ? [k, value] : [k, v]))
            : [...entry.attrs, [key, value]],
    };
}
function withoutAttributes(entry, keys) {
    return { attrs: entry.attrs.filter(([k]) => !keys.has(k)) };
}
/** The CSV bake reads back to the same attributes; `quoted` names fields quoted even when they need not be. */
function formatEntry(entry, quoted = new Set()) {
    return entry.attrs
        .map(([key, value]) => {
        const field = `${key}=${value}`;
        return quoted.has(key) || needsQuotes(field) ? `"${field.replaceAll('"', '""')}"` : field;
    })
        .join(',');
}
/** Go's encoding/csv rule: a delimiter, a quote, a line break or a leading space needs quotes. */
function needsQuotes(field) {
    return /[",\r\n]/.test(field) || field.startsWith(' ') || field.startsWith('\t');
}
/** One CSV record, as Go's encoding/csv reads it (a quoted field: `""` is a quote). */
function csvFields(text, where) {
    const fields = [];
    let i = 0;
    for (;;) {
        if (text[i] === '"') {
            let field = '';
            i++;
            for (;;) {
                const close = text.indexOf('"', i);
                if (close < 0)
                    throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('files', `${where}: unterminated quote in ${JSON.stringify(text)}`);
                field += text.slice(i, close);
                i = close + 1;
                if (text[i] !== '"')
                    break;
                field += '"';
                i++;
            }
            if (i < text.length && text[i] !== ',') {
                throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('files', `${where}: text after a closing quote in ${JSON.stringify(text)}`);
            }
            fields.push(field);
        }
        else {
            const comma = text.indexOf(',', i);
            const end = comma < 0 ? text.length : comma;
            const field = text.slice(i, end);
            if (field.includes('"'))
                throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('files', `${where}: a bare quote in ${JSON.stringify(text)}`);
            fields.push(field);
            i = end;
        }
        if (i >= text.length)
            return fields;
        i++; // the comma
    }
}


/***/ }),

/***/ 39024:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   n: () => (/* binding */ isImageOutput)
/* harmony export */ });
/* harmony import */ var _entries_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(44521);
/** Which outputs push an image: bake's `image` and `registry` exporters. Pure. */

const IMAGE_OUTPUTS = new Set(['image', 'registry']);
function isImageOutput(entry) {
    return IMAGE_OUTPUTS.has((0,_entries_js__WEBPACK_IMPORTED_MODULE_0__/* .entryType */ .d9)(entry));
}


/***/ }),

/***/ 86674:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ execProgram)
/* harmony export */ });
const execProgram = async (command, args, options = {}) => {
    // Loaded on first use: most runs (matrix on JSON files) never start a program.
    const { getExecOutput } = await __nccwpck_require__.e(/* import() */ 260).then(__nccwpck_require__.bind(__nccwpck_require__, 81260));
    const result = await getExecOutput(command, [...args], {
        cwd: options.cwd,
        input: options.input === undefined ? undefined : Buffer.from(options.input),
        silent: true,
        ignoreReturnCode: true,
    });
    return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
};


/***/ }),

/***/ 39987:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ monotonicMs),
/* harmony export */   m: () => (/* binding */ systemClock)
/* harmony export */ });
const systemClock = {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: () => Math.random(),
};
/**
 * Monotonic milliseconds, for ordering moments within the process (a listing begun after
 * a tag's answer). Not `performance.now()`: its first call loads nine of Node's modules
 * (perf_hooks and its timing internals: ~1 ms, ~5 ms on a busy runner), and append's first
 * call came just as the first registry answers arrived, on the critical path.
 */
function monotonicMs() {
    return Number(process.hrtime.bigint()) / 1e6;
}


/***/ }),

/***/ 71922:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   BT: () => (/* binding */ isInputError),
/* harmony export */   Sx: () => (/* binding */ commandLineFlag),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   gJ: () => (/* binding */ errorMessage)
/* harmony export */ });
/* unused harmony export actionInput */
/**
 * Bad input. Names the input it came from, so the user can fix the workflow or the
 * command line; each entry names it as its user typed it (`errorMessage`). Always raised
 * before any registry write.
 */
class InputError extends Error {
    input;
    problem;
    constructor(input, 
    /** What was wrong with it, without the input's name. */
    problem) {
        super(`${actionInput(input)}: ${problem}`);
        this.input = input;
        this.problem = problem;
        this.name = 'InputError';
    }
}
const actionInput = (input) => `input '${input}'`;
const commandLineFlag = (input) => `--${input}`;
/** Text of any thrown value, without a stack trace; an input named as the entry's user typed it. */
function errorMessage(error, naming = actionInput) {
    if (error instanceof AggregateError && error.errors.length > 0) {
        return error.errors.map((e) => errorMessage(e, naming)).join('\n');
    }
    if (error instanceof InputError)
        return `${naming(error.input)}: ${error.problem}`;
    return error instanceof Error ? error.message : String(error);
}
/** True when the thrown value is bad input, or an aggregate of nothing else. */
function isInputError(error) {
    if (error instanceof AggregateError && error.errors.length > 0)
        return error.errors.every(isInputError);
    return error instanceof InputError;
}


/***/ }),

/***/ 49150:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $w: () => (/* binding */ rename),
/* harmony export */   Ck: () => (/* binding */ mkdir),
/* harmony export */   Ks: () => (/* binding */ readdirRecursive),
/* harmony export */   TA: () => (/* binding */ readFile),
/* harmony export */   T_: () => (/* binding */ access),
/* harmony export */   _h: () => (/* binding */ writeFile),
/* harmony export */   dJ: () => (/* binding */ stat),
/* harmony export */   dl: () => (/* binding */ appendFile),
/* harmony export */   ho: () => (/* binding */ open),
/* harmony export */   jV: () => (/* binding */ mkdtemp),
/* harmony export */   rm: () => (/* binding */ rm)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(57975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_util__WEBPACK_IMPORTED_MODULE_2__);
/**
 * The promise forms of the node:fs calls bake-fanout makes, over node:fs's callbacks
 * (node:fs is loaded with Node itself). node:fs/promises is never imported: it loads
 * readline, the REPL's history and the file watchers with it, ~1.3 ms of every start
 * (`--version` over 61 runs), on the critical path of an append job.
 */



const access = (0,node_util__WEBPACK_IMPORTED_MODULE_2__.promisify)(node_fs__WEBPACK_IMPORTED_MODULE_0__.access);
const appendFile = (0,node_util__WEBPACK_IMPORTED_MODULE_2__.promisify)(node_fs__WEBPACK_IMPORTED_MODULE_0__.appendFile);
const mkdir = (0,node_util__WEBPACK_IMPORTED_MODULE_2__.promisify)(node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdir);
const mkdtemp = (0,node_util__WEBPACK_IMPORTED_MODULE_2__.promisify)(node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdtemp);
const readFile = (0,node_util__WEBPACK_IMPORTED_MODULE_2__.promisify)(node_fs__WEBPACK_IMPORTED_MODULE_0__.readFile);
const rename = (0,node_util__WEBPACK_IMPORTED_MODULE_2__.promisify)(node_fs__WEBPACK_IMPORTED_MODULE_0__.rename);
const rm = (0,node_util__WEBPACK_IMPORTED_MODULE_2__.promisify)(node_fs__WEBPACK_IMPORTED_MODULE_0__.rm);
const stat = (0,node_util__WEBPACK_IMPORTED_MODULE_2__.promisify)(node_fs__WEBPACK_IMPORTED_MODULE_0__.stat);
const writeFile = (0,node_util__WEBPACK_IMPORTED_MODULE_2__.promisify)(node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFile);
const readdir = (0,node_util__WEBPACK_IMPORTED_MODULE_2__.promisify)(node_fs__WEBPACK_IMPORTED_MODULE_0__.readdir);
/**
 * Every entry under `dir`, subdirectories included (links to them not entered), as
 * `readdir(dir, { recursive: true, withFileTypes: true })` gives them: a directory at a
 * time, because node:fs's callback form of the recursive listing takes ~3× as long.
 */
async function readdirRecursive(dir) {
    const entries = await readdir(dir, { withFileTypes: true });
    const below = entries.filter((e) => e.isDirectory()).map((e) => readdirRecursive(node_path__WEBPACK_IMPORTED_MODULE_1___default().join(e.parentPath, e.name)));
    return [...entries, ...(await Promise.all(below)).flat()];
}
const openFd = (0,node_util__WEBPACK_IMPORTED_MODULE_2__.promisify)(node_fs__WEBPACK_IMPORTED_MODULE_0__.open);
const fstat = (0,node_util__WEBPACK_IMPORTED_MODULE_2__.promisify)(node_fs__WEBPACK_IMPORTED_MODULE_0__.fstat);
const readFd = (0,node_util__WEBPACK_IMPORTED_MODULE_2__.promisify)(node_fs__WEBPACK_IMPORTED_MODULE_0__.read);
const closeFd = (0,node_util__WEBPACK_IMPORTED_MODULE_2__.promisify)(node_fs__WEBPACK_IMPORTED_MODULE_0__.close);
async function open(file, flags) {
    const fd = await openFd(file, flags);
    return {
        stat: () => fstat(fd),
        read: (buffer, offset, length, position) => readFd(fd, buffer, offset, length, position),
        close: () => closeFd(fd),
    };
}


/***/ }),

/***/ 48807:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   f: () => (/* binding */ isGlob),
/* harmony export */   t: () => (/* binding */ globToRegExp)
/* harmony export */ });
/**
 * Shell-style globs for target names and platforms: `*` any run of characters
 * (slashes included, so `linux/arm/*` and `linux/*` both work), `?` one character,
 * `[abc]` a class. Everything else is literal.
 */
function globToRegExp(glob) {
    let re = compiled.get(glob);
    if (!re) {
        re = compile(glob);
        compiled.set(glob, re);
    }
    return re;
}
/** Patterns repeat (one per runner rule, per `--set` line): compile each once. */
const compiled = new Map();
function compile(glob) {
    let source = '';
    for (let i = 0; i < glob.length; i++) {
        const c = glob[i];
        if (c === '*')
            source += '.*';
        else if (c === '?')
            source += '.';
        else if (c === '[') {
            const end = glob.indexOf(']', i + 1);
            if (end < 0) {
                source += '\\[';
                continue;
            }
            const body = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
            source += `[${body.startsWith('!') ? '^' + body.slice(1) : body}]`;
            i = end;
        }
        else
            source += c.replace(/[.+^${}()|\\]/g, '\\$&');
    }
    return new RegExp(`^${source}$`);
}
function isGlob(text) {
    return /[*?[\]]/.test(text);
}


/***/ }),

/***/ 73437:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   n: () => (/* binding */ inertJson),
/* harmony export */   t: () => (/* binding */ inert)
/* harmony export */ });
/**
 * The one path for plain text the action prints (logs, the CLI's JSON): whatever it
 * holds — registry answers, index entries, records of other runs, error bodies, bake
 * values — no printed line can start a workflow command the action did not mean. The
 * runner reads a line as a command when it starts with `::` (after blanks) and, in the
 * older form, wherever `##[` appears in it; its lines end at CR, LF or CRLF. The
 * action's own commands (error, warning, debug, add-mask) are written elsewhere,
 * escaped as the runner unescapes them.
 */
const LINE_BREAK = /\r\n|\r|\n/;
/** Blanks as the runner trims them (.NET's Char.IsWhiteSpace): JavaScript's \s and U+0085 (NEL). */
const COMMAND_START = /^([\s\u0085]*)::/;
/** Each line that could be read as a command, made inert: `» ` before a leading `::`, `##[` broken as `## [`. */
function inert(text) {
    return text
        .split(LINE_BREAK)
        .map((line) => line.replace(COMMAND_START, '$1» ::').replaceAll('##[', '## ['))
        .join('\n');
}
/** JSON as the CLI prints it: `##[` inside a string becomes `#\u0023[`, the same value to any JSON reader. */
function inertJson(value) {
    return JSON.stringify(value, null, 2).replaceAll('##[', '#\\u0023[');
}


/***/ }),

/***/ 29927:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   O: () => (/* binding */ isJsonObject)
/* harmony export */ });
function isJsonObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}


/***/ }),

/***/ 83932:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Qj: () => (/* binding */ markdownTable),
/* harmony export */   VK: () => (/* binding */ shortDigest),
/* harmony export */   ZD: () => (/* binding */ escapeHtml),
/* harmony export */   aY: () => (/* binding */ code),
/* harmony export */   kq: () => (/* binding */ escapeCell),
/* harmony export */   oG: () => (/* binding */ writeStepSummary)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(71922);
/* harmony import */ var _fs_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(49150);
/** Job summary markdown. Pure: every cell is escaped, so a tag or label cannot break the table. */


/** Text inside an HTML block (`<pre>`), where markdown's escapes are not undone. */
function escapeHtml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
function escapeCell(text) {
    return escapeHtml(text).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}
function code(text) {
    return text === '' ? '' : `<code>${escapeCell(text)}</code>`;
}
/** `sha256:0123456789ab…`, the whole digest on hover: a table stays readable at GitHub's width. */
function shortDigest(digest) {
    return `<code title="${escapeCell(digest)}">${escapeCell(digest.slice(0, 19))}…</code>`;
}
function markdownTable(headers, rows) {
    const cell = (c) => (typeof c === 'string' ? escapeCell(c) : c.html);
    const line = (cells) => `| ${cells.map(cell).join(' | ')} |`;
    return [line(headers), `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n') + '\n';
}
/** Appends to the job summary file when there is one; never fails the step. */
async function writeStepSummary(markdown, file, warn) {
    if (!file || markdown === '')
        return;
    try {
        await (0,_fs_js__WEBPACK_IMPORTED_MODULE_1__/* .appendFile */ .dl)(file, markdown.endsWith('\n') ? markdown : markdown + '\n');
    }
    catch (error) {
        warn(`could not write the job summary: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error)}`);
    }
}


/***/ }),

/***/ 9510:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ slugFor)
/* harmony export */ });
/** `<target>-<os>-<arch>[-<variant>]`: safe for job, artifact and cache names. */
function slugFor(target, platform) {
    return [target, ...platform.split('/')].join('-').replace(/[^A-Za-z0-9_.-]/g, '-');
}


/***/ }),

/***/ 30496:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   _: () => (/* binding */ writeStderr),
/* harmony export */   j: () => (/* binding */ writeStdout)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/**
 * stdout and stderr, written straight to their file descriptors. Creating
 * process.stdout for a pipe (what the runner gives a step) loads node's net and stream
 * modules: ~6 ms of every start, measured. A pipe left non-blocking and full (EAGAIN)
 * hands the rest, and every later write, to the stream, so the order holds.
 */

const streamed = new Set();
function writeStdout(text) {
    write(1, text);
}
function writeStderr(text) {
    write(2, text);
}
function write(fd, text) {
    if (streamed.has(fd))
        return void streamOf(fd).write(text);
    const bytes = Buffer.from(text, 'utf8');
    let offset = 0;
    try {
        while (offset < bytes.length)
            offset += (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeSync)(fd, bytes, offset);
    }
    catch (error) {
        if (error.code !== 'EAGAIN')
            throw error;
        streamed.add(fd);
        streamOf(fd).write(bytes.subarray(offset));
    }
}
function streamOf(fd) {
    return fd === 1 ? process.stdout : process.stderr;
}


/***/ }),

/***/ 52308:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   DE: () => (/* binding */ CREATED),
/* harmony export */   Gn: () => (/* binding */ withAttestations),
/* harmony export */   H3: () => (/* binding */ isAttestation),
/* harmony export */   Io: () => (/* binding */ imageEntries),
/* harmony export */   Js: () => (/* binding */ attestedDigest),
/* harmony export */   MY: () => (/* binding */ malformedEntries),
/* harmony export */   Wt: () => (/* binding */ platformsOf),
/* harmony export */   YC: () => (/* binding */ createdOf),
/* harmony export */   _B: () => (/* binding */ entriesForPlatforms),
/* harmony export */   fx: () => (/* binding */ imagesByPlatform),
/* harmony export */   tj: () => (/* binding */ platformOf)
/* harmony export */ });
/* harmony import */ var _oci_types_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3048);
/* harmony import */ var _platform_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(20985);
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
/** The image entries (attestations and malformed entries excluded), in index order. */
function imageEntries(entries) {
    return entries.filter((e) => !isAttestation(e) && (0,_platform_js__WEBPACK_IMPORTED_MODULE_1__/* .isWellFormedPlatform */ .tK)(e.platform));
}
/** Entries that name a platform this tool cannot read (no `os`, odd characters): kept as they are, reported. */
function malformedEntries(entries) {
    return entries.filter((e) => e.platform !== undefined && !isAttestation(e) && !(0,_platform_js__WEBPACK_IMPORTED_MODULE_1__/* .isWellFormedPlatform */ .tK)(e.platform));
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

/***/ 20985:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Bq: () => (/* binding */ formatPlatform),
/* harmony export */   FL: () => (/* binding */ normalizePlatform),
/* harmony export */   Hu: () => (/* binding */ basePlatform),
/* harmony export */   Ng: () => (/* binding */ platformKey),
/* harmony export */   Y8: () => (/* binding */ parsePlatform),
/* harmony export */   _H: () => (/* binding */ isUnknownPlatform),
/* harmony export */   tK: () => (/* binding */ isWellFormedPlatform)
/* harmony export */ });
/**
 * OCI platforms, parsed and normalised the way containerd does. A platform's identity
 * includes `os.version`: Windows images of different versions (ltsc2019, ltsc2022)
 * are different platforms and live side by side in one tag. It is written as
 * containerd formats it, `windows(10.0.20348.2113)/amd64`.
 */
const KNOWN_OS = new Set([
    'aix',
    'android',
    'darwin',
    'dragonfly',
    'freebsd',
    'illumos',
    'ios',
    'js',
    'linux',
    'netbsd',
    'openbsd',
    'plan9',
    'solaris',
    'wasip1',
    'windows',
]);
const KNOWN_ARCH = new Set([
    '386',
    'amd64',
    'arm',
    'arm64',
    'loong64',
    'mips',
    'mipsle',
    'mips64',
    'mips64le',
    'ppc64',
    'ppc64le',
    'riscv64',
    's390x',
    'wasm',
]);
const ARCH_ALIASES = {
    aarch64: { os: '', architecture: 'arm64' },
    armhf: { os: '', architecture: 'arm', variant: 'v7' },
    armel: { os: '', architecture: 'arm', variant: 'v6' },
    i386: { os: '', architecture: '386' },
    x86_64: { os: '', architecture: 'amd64' },
    'x86-64': { os: '', architecture: 'amd64' },
};
const VARIANT_PATTERN = /^[a-z0-9.]+$/;
const OS_VERSION = /^([a-z0-9]+)\(([A-Za-z0-9._-]+)\)$/;
/**
 * Parses `os/arch[/variant]` (or a bare arch, meaning linux) into its normal form, and
 * `os(version)/arch` with an os.version; throws on anything unknown.
 */
function parsePlatform(text) {
    const versioned = OS_VERSION.exec(text.trim().split('/')[0]);
    const osVersion = versioned?.[2];
    const plain = versioned ? text.trim().replace(versioned[0], versioned[1]) : text;
    const parts = plain.trim().toLowerCase().split('/');
    if (parts.some((p) => p === '') || parts.length > 3) {
        throw new Error(`invalid platform '${text}': expected os/arch[/variant]`);
    }
    if (parts.length === 1)
        parts.unshift('linux');
    const [os, rawArch, rawVariant] = parts;
    if (!KNOWN_OS.has(os))
        throw new Error(`unknown platform '${text}': unknown OS '${os}'`);
    const alias = ARCH_ALIASES[rawArch];
    const architecture = alias?.architecture ?? rawArch;
    if (!KNOWN_ARCH.has(architecture)) {
        throw new Error(`unknown platform '${text}': unknown architecture '${rawArch}'`);
    }
    const variant = rawVariant ?? alias?.variant;
    if (variant !== undefined && !VARIANT_PATTERN.test(variant)) {
        throw new Error(`invalid platform '${text}': bad variant '${variant}'`);
    }
    return normalizePlatform({ os, architecture, variant, ...(osVersion && { 'os.version': osVersion }) });
}
/** containerd's normalisation: arm64/v8 is arm64, plain arm is arm/v7, amd64/v1 is amd64. */
function normalizePlatform(p) {
    const os = p.os.toLowerCase();
    const architecture = p.architecture.toLowerCase();
    let variant = p.variant?.toLowerCase() || undefined;
    if (architecture === 'arm64' && (variant === 'v8' || variant === '8'))
        variant = undefined;
    if (architecture === 'amd64' && variant === 'v1')
        variant = undefined;
    if (architecture === 'arm' && variant === undefined)
        variant = 'v7';
    if (architecture === 'arm' && variant !== undefined && /^\d+$/.test(variant))
        variant = `v${variant}`;
    const osVersion = p['os.version'] || undefined;
    return { os, architecture, ...(variant && { variant }), ...(osVersion && { 'os.version': osVersion }) };
}
function formatPlatform(p) {
    const os = p['os.version'] ? `${p.os}(${p['os.version']})` : p.os;
    return p.variant ? `${os}/${p.architecture}/${p.variant}` : `${os}/${p.architecture}`;
}
/** `os/arch[/variant]` without the os.version: what a bake target's `platforms` name. */
function basePlatform(key) {
    return key.replace(/^([a-z0-9]+)\([^)]*\)/, '$1');
}
/**
 * A stable key for comparing platforms read from anywhere (bake, index entries, config
 * blobs). A Windows os.version counts up to major.minor.build, as containerd matches
 * Windows images: a monthly patch (10.0.20348.2762 → .2849) is the same platform, rebuilt.
 */
function platformKey(p) {
    const normal = normalizePlatform(p);
    const version = normal['os.version'];
    if (normal.os !== 'windows' || !version)
        return formatPlatform(normal);
    return formatPlatform({ ...normal, 'os.version': version.split('.').slice(0, 3).join('.') });
}
const PLATFORM_WORD = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/**
 * A platform as an index entry may carry it, checked before it is read: os and
 * architecture present, and every part a plain word. Another tool's entry that fails
 * this is kept untouched and reported, never parsed (nor printed raw).
 */
function isWellFormedPlatform(p) {
    if (typeof p !== 'object' || p === null)
        return false;
    const { os, architecture, variant, 'os.version': version } = p;
    const word = (v) => typeof v === 'string' && PLATFORM_WORD.test(v);
    return (word(os) &&
        word(architecture) &&
        (variant === undefined || word(variant)) &&
        (version === undefined || word(version)));
}
/** The platform of attestation manifests in a buildx index: never a real platform. */
function isUnknownPlatform(p) {
    return p === undefined || p === null || (p.os === 'unknown' && p.architecture === 'unknown');
}


/***/ }),

/***/ 38320:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Pk: () => (/* binding */ isRunId),
/* harmony export */   UC: () => (/* binding */ RUN_ID),
/* harmony export */   bB: () => (/* binding */ runStamp),
/* harmony export */   hy: () => (/* binding */ ageOf),
/* harmony export */   ng: () => (/* binding */ runOf),
/* harmony export */   qU: () => (/* binding */ RUN_ATTEMPT)
/* harmony export */ });
/* unused harmony exports CLOCK_SKEW_MS, compareRuns */
/* harmony import */ var _entries_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(52308);

const RUN_ID = 'io.github.bake-fanout.run-id';
const RUN_ATTEMPT = 'io.github.bake-fanout.run-attempt';
/** A `created` time further ahead of our clock than this is not believed (a runner clock far off). */
const CLOCK_SKEW_MS = 5 * 60_000;
/** A run id as this tool accepts it anywhere (records, entries, --run-id): letters, digits, `.` `_` `-`. */
function isRunId(id) {
    return typeof id === 'string' && /^[A-Za-z0-9._-]{1,128}$/.test(id);
}
/** The run an entry names, when it names one well formed. */
function runOf(entry) {
    const runId = entry.annotations?.[RUN_ID];
    const runAttempt = Number(entry.annotations?.[RUN_ATTEMPT]);
    if (!isRunId(runId) || !Number.isInteger(runAttempt) || runAttempt < 1)
        return undefined;
    return { runId, runAttempt };
}
/** The annotations that stamp an image entry with its run and build time. */
function runStamp(run, createdAt) {
    return { [_entries_js__WEBPACK_IMPORTED_MODULE_0__/* .CREATED */ .DE]: createdAt, [RUN_ID]: run.runId, [RUN_ATTEMPT]: String(run.runAttempt) };
}
/**
 * Positive when `a` is the newer run, negative when `b` is, 0 for the same attempt;
 * undefined when the two cannot be ordered (ids that are not both numbers, as from two
 * CI systems). Run ids are compared as whole numbers of any length.
 */
function compareRuns(a, b) {
    if (a.runId === b.runId)
        return a.runAttempt - b.runAttempt;
    if (!/^\d+$/.test(a.runId) || !/^\d+$/.test(b.runId))
        return undefined;
    const [x, y] = [a.runId.replace(/^0+(?=\d)/, ''), b.runId.replace(/^0+(?=\d)/, '')];
    if (x.length !== y.length)
        return x.length - y.length;
    return x < y ? -1 : 1;
}
/**
 * Is `entry` (not a build of this run) newer than a build of `run` made at `createdAt`?
 * Ordered by run where both runs are known and comparable, not by build time: an older
 * run's build can finish later. Otherwise by `created`, where a time more than
 * CLOCK_SKEW_MS ahead of `now` is not believed.
 */
function ageOf(entry, run, createdAt, now) {
    const theirs = runOf(entry);
    const order = theirs && run ? compareRuns(theirs, run) : undefined;
    if (order !== undefined) {
        return order > 0
            ? { kind: 'newer', why: `run ${theirs.runId} (attempt ${theirs.runAttempt})` }
            : { kind: 'older' };
    }
    const text = (0,_entries_js__WEBPACK_IMPORTED_MODULE_0__/* .createdOf */ .YC)(entry) ?? '';
    const created = Date.parse(text);
    if (Number.isNaN(created))
        return { kind: 'older' };
    if (created > now + CLOCK_SKEW_MS)
        return { kind: 'untrusted', created: new Date(created).toISOString() };
    // Said as the time it parsed to, never as the annotation's raw text (another tool's: anything at all).
    const when = new Date(created).toISOString();
    return created > Date.parse(createdAt) ? { kind: 'newer', why: `built ${when}` } : { kind: 'older' };
}


/***/ }),

/***/ 79407:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _action_cli_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(98199);
/**
 * One bundle, two entries: the Action (no arguments, started by the runner, which sets
 * GITHUB_ACTIONS) and the CLI (anything else; no arguments outside Actions prints the
 * usage). Only the Action entry loads @actions/core, so the CLI starts faster.
 */

if (process.argv.length > 2 || process.env.GITHUB_ACTIONS !== 'true')
    await (0,_action_cli_js__WEBPACK_IMPORTED_MODULE_0__/* .cli */ .xw)(process.argv.slice(2));
else
    await (await __nccwpck_require__.e(/* import() */ 112).then(__nccwpck_require__.bind(__nccwpck_require__, 89112))).main();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 1664:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  ex: () => (/* binding */ GITHUB_MATRIX_LIMIT),
  G2: () => (/* binding */ MATRIX_OUTPUT_BUDGET_BYTES),
  Kn: () => (/* binding */ buildMatrix)
});

// UNUSED EXPORTS: repositoriesOf

// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __nccwpck_require__(71922);
// EXTERNAL MODULE: ./src/common/slug.ts
var common_slug = __nccwpck_require__(9510);
// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __nccwpck_require__(62148);
// EXTERNAL MODULE: ./src/bake/entries.ts
var entries = __nccwpck_require__(44521);
// EXTERNAL MODULE: ./src/bake/annotations.ts
var annotations = __nccwpck_require__(5187);
// EXTERNAL MODULE: ./src/bake/output-types.ts
var output_types = __nccwpck_require__(39024);
;// CONCATENATED MODULE: ./src/matrix/entry-lines.ts
/**
 * The bake `--set` lines that make one job build one target for one platform exactly as
 * its author wrote it, pushed by digest: the platform (its `target:` bases' too), the tags
 * cleared, the author's own image output with the four attributes the fan-out needs, and
 * caches made unique per platform job. Pure.
 */





/** The output attributes the fan-out decides; every other attribute is the author's. */
const OURS = new Set(['name', 'push', 'push-by-digest', 'name-canonical']);
const QUOTED = new Set(['name']);
/** Attributes of a cache export that an import of the same cache does not take. */
const EXPORT_ONLY = new Set([
    'mode',
    'compression',
    'compression-level',
    'force-compression',
    'oci-mediatypes',
    'image-manifest',
    'ignore-error',
]);
function entryLines(target, platform, repositories, cache) {
    const slug = (0,common_slug/* slugFor */.P)(target.name, platform);
    const lines = [
        `${target.name}.platform=${platform}`,
        `${target.name}.tags=`,
        ...outputs(target, repositories).map((o) => `${target.name}.output=${o}`),
        ...cacheLines(target.name, target.cacheFrom, target.cacheTo, slug, cache),
    ];
    for (const linked of target.linked) {
        lines.push(`${linked.name}.platform=${platform}`, ...cacheLines(linked.name, linked.cacheFrom, linked.cacheTo, (0,common_slug/* slugFor */.P)(linked.name, platform), 'none'));
    }
    for (const line of lines) {
        if (/[\r\n]/.test(line)) {
            throw new errors/* InputError */.dz('files', `target '${target.name}': a value holds a line break, which a set line cannot carry`);
        }
    }
    return lines;
}
/**
 * The author's first image output with our four attributes (ours alone without one);
 * other outputs as written. Its index annotations are append's to write: a job pushes one
 * platform, and buildkit refuses index annotations on a single-platform export.
 */
function outputs(target, repositories) {
    const image = target.outputs.find(output_types/* isImageOutput */.n) ?? { attrs: [['type', 'image']] };
    const kept = (0,entries/* withoutAttributes */.YS)(image, OURS).attrs.filter(([key]) => !(0,annotations/* isIndexAnnotation */.o)(key));
    const pushed = {
        attrs: [
            ...kept,
            ['name', repositories.join(',')],
            ['push-by-digest', 'true'],
            ['name-canonical', 'true'],
            ['push', 'true'],
        ],
    };
    const others = target.outputs.filter((o) => !(0,output_types/* isImageOutput */.n)(o));
    return [(0,entries/* formatEntry */.WL)(pushed, QUOTED), ...others.map((o) => (0,entries/* formatEntry */.WL)(o))];
}
/**
 * Each platform job exports its cache under its own name (the slug appended to the ref,
 * scope or name), so the jobs do not overwrite each other's cache, and reads its own as
 * well as what the author's cache-from names.
 */
function cacheLines(name, from, to, slug, cache) {
    const exports = to.map((entry) => perEntryCache(entry, slug));
    const imports = [...from, ...exports.filter((e, i) => e !== to[i]).map(asImport)];
    if (cache === 'gha') {
        imports.push({
            attrs: [
                ['type', 'gha'],
                ['scope', slug],
            ],
        });
        exports.push({
            attrs: [
                ['type', 'gha'],
                ['scope', slug],
                ['mode', 'max'],
            ],
        });
    }
    return [
        ...imports.map((e) => `${name}.cache-from=${(0,entries/* formatEntry */.WL)(e)}`),
        ...exports.map((e) => `${name}.cache-to=${(0,entries/* formatEntry */.WL)(e)}`),
    ];
}
/** The same cache, named for this job; an entry with nothing to name (inline) is returned as is. */
function perEntryCache(entry, slug) {
    switch ((0,entries/* entryType */.d9)(entry)) {
        case 'registry': {
            const ref = (0,entries/* attribute */.lt)(entry, 'ref');
            return ref ? (0,entries/* withAttribute */.Vx)(entry, 'ref', suffixedRef(ref, slug)) : entry;
        }
        case 'gha':
            return (0,entries/* withAttribute */.Vx)(entry, 'scope', `${(0,entries/* attribute */.lt)(entry, 'scope') ?? 'buildkit'}-${slug}`);
        case 's3':
        case 'azblob':
            return (0,entries/* withAttribute */.Vx)(entry, 'name', `${(0,entries/* attribute */.lt)(entry, 'name') ?? 'buildkit'}-${slug}`);
        case 'local': {
            const dest = (0,entries/* attribute */.lt)(entry, 'dest');
            return dest ? (0,entries/* withAttribute */.Vx)(entry, 'dest', `${dest}-${slug}`) : entry;
        }
        default:
            return entry;
    }
}
/** `repo:tag` → `repo:tag-slug`; `repo` → `repo:slug`. */
function suffixedRef(ref, slug) {
    const lastSlash = ref.lastIndexOf('/');
    return ref.lastIndexOf(':') > lastSlash ? `${ref}-${slug}` : `${ref}:${slug}`;
}
/** A cache export read back: its export-only attributes dropped, a local `dest` read as `src`. */
function asImport(entry) {
    const attrs = (0,entries/* withoutAttributes */.YS)(entry, EXPORT_ONLY).attrs;
    return { attrs: attrs.map(([k, v]) => (k === 'dest' ? ['src', v] : [k, v])) };
}

// EXTERNAL MODULE: ./src/matrix/runners.ts
var runners = __nccwpck_require__(22178);
;// CONCATENATED MODULE: ./src/matrix/plan.ts





const GITHUB_MATRIX_LIMIT = 256;
/**
 * GitHub passes at most 1 MB of outputs per job, counted as UTF-16 (two bytes a
 * character): the matrix leaves a little of it for a few small outputs beside it.
 */
const MATRIX_OUTPUT_BUDGET_BYTES = 1_000_000;
/**
 * Keys this planner decides per entry from the resolution, which already holds the
 * user's lines for them: forwarding those lines too would add to what the entry sets.
 */
const PLANNED_KEYS = new Set(['tags', 'platform', 'output', 'push', 'load', 'cache-from', 'cache-to']);
function buildMatrix(targets, options) {
    const forwarded = options.set.filter((line) => !PLANNED_KEYS.has(overrideKey(line)));
    const jobs = targets.flatMap((target) => jobsOf(target, options));
    checkSlugs(jobs);
    if (options.maxEntries < 1)
        throw new errors/* InputError */.dz('max-entries', 'must be at least 1');
    const groups = jobs.length > options.maxEntries ? packJobs(jobs, options.maxEntries) : jobs.map((job) => [job]);
    const entries = groups.map((group) => entryOf(group, forwarded));
    return checkOutputSize(entries, jobs.length, options.maxOutputBytes ?? MATRIX_OUTPUT_BUDGET_BYTES);
}
/** A matrix GitHub would cut off or refuse is refused here, with its size, before any job runs. */
function checkOutputSize(entries, jobs, max) {
    const bytes = JSON.stringify(entries).length * 2;
    if (bytes > max) {
        const kb = (n) => `${Math.round(n / 1000)} kB`;
        throw new errors/* InputError */.dz('targets', `the matrix of ${jobs} jobs is ${kb(bytes)} as GitHub counts a job's outputs (UTF-16), over the ${kb(max)} it may take of GitHub's 1 MB: split the targets over several matrix jobs (a group each)`);
    }
    return entries;
}
function jobsOf(target, options) {
    const repositories = repositoriesOf(target.tags);
    return target.platforms.map((platform) => ({
        target,
        platform,
        runner: (0,runners/* runnerFor */.OZ)(platform, options.runners),
        slug: (0,common_slug/* slugFor */.P)(target.name, platform),
        lines: entryLines(target, platform, repositories, options.cache),
    }));
}
function checkSlugs(jobs) {
    const slugs = new Map();
    for (const { target, platform, slug } of jobs) {
        const clash = slugs.get(slug);
        if (clash)
            throw new errors/* InputError */.dz('targets', `'${target.name}' ${platform} and ${clash} share the slug '${slug}'`);
        slugs.set(slug, `'${target.name}' ${platform}`);
    }
}
function entryOf(group, forwarded) {
    const [first] = group;
    const packed = group.length > 1;
    const tags = group.flatMap(({ target }) => target.tags.map((tag) => (packed ? `${target.name}=${tag}` : tag)));
    return {
        target: group.map((job) => job.target.name).join('\n'),
        platform: first.platform,
        platforms: first.platform,
        runner: first.runner,
        qemu: (0,runners/* needsQemu */.eB)(first.platform, first.runner),
        slug: packed ? `${first.slug}-and-${group.length - 1}-more` : first.slug,
        tags: tags.join('\n'),
        set: setLines(group, forwarded).join('\n'),
    };
}
/**
 * The forwarded lines, then each job's. A packed entry builds its targets and their bases
 * for one platform, all with tags cleared: one `*` line each says so (a job's output
 * is GitHub's to carry, 1 MB at most); a base two targets share is set once (bake would
 * add up repeated lines).
 */
function setLines(group, forwarded) {
    const lines = group.flatMap((job) => job.lines);
    if (group.length === 1)
        return [...forwarded, ...lines];
    const shared = [`*.platform=${group[0].platform}`, '*.tags='];
    const own = lines.filter((line) => !/^[\w-]+\.(platform=|tags=$)/.test(line));
    return [...new Set([...forwarded, ...shared, ...own])];
}
/**
 * Packs the jobs of one platform and runner into as few entries as fit in `max`, the
 * same number of targets (±1) in each: the smallest pack size whose entries fit. A file
 * with more platform × runner pairs than `max` cannot fit and is refused.
 */
function packJobs(jobs, max) {
    const byKey = new Map();
    for (const job of jobs) {
        const key = `${job.platform}\n${JSON.stringify(job.runner)}`;
        byKey.set(key, [...(byKey.get(key) ?? []), job]);
    }
    const groups = [...byKey.values()];
    if (groups.length > max) {
        throw new errors/* InputError */.dz('targets', `the matrix needs ${jobs.length} jobs over ${groups.length} platform × runner pairs; GitHub allows at most ${max} per job matrix, and packing cannot go below one entry per pair (split the targets over several jobs)`);
    }
    let size = Math.ceil(jobs.length / max);
    const entriesFor = (n) => groups.reduce((sum, g) => sum + Math.ceil(g.length / n), 0);
    while (entriesFor(size) > max)
        size++;
    return groups.flatMap((group) => evenChunks(group, Math.ceil(group.length / size)));
}
/** `items` in `count` consecutive chunks whose sizes differ by at most one. */
function evenChunks(items, count) {
    const chunks = [];
    let start = 0;
    for (let i = 0; i < count; i++) {
        const end = start + Math.floor(items.length / count) + (i < items.length % count ? 1 : 0);
        chunks.push(items.slice(start, end));
        start = end;
    }
    return chunks;
}
/** Distinct repositories (`registry/path`) of full tag refs, in first-seen order. */
function repositoriesOf(tags) {
    return [...new Set(tags.map((tag) => (0,reference/* repositoryName */.aR)((0,reference/* parseTagReference */.XN)(tag))))];
}
function overrideKey(line) {
    const key = line.slice(0, Math.max(0, line.indexOf('='))).replace(/\+$/, '');
    return key.split('.')[1] ?? '';
}


/***/ }),

/***/ 22178:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $b: () => (/* binding */ parseRunnerRules),
/* harmony export */   OZ: () => (/* binding */ runnerFor),
/* harmony export */   PC: () => (/* binding */ labelsOf),
/* harmony export */   eB: () => (/* binding */ needsQemu)
/* harmony export */ });
/* unused harmony exports DEFAULT_RUNNER_RULES, runnerArchitecture */
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(71922);
/* harmony import */ var _common_glob_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(48807);
/* harmony import */ var _image_index_platform_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(20985);
/** Which runner builds which platform, and whether it must emulate (QEMU). */



/**
 * GitHub-hosted defaults: arm on the arm64 runner, everything else on x64 Linux —
 * Windows images too: buildx on Linux builds them (a Dockerfile without `RUN`: base
 * layers plus COPY), while docker/setup-buildx-action does not run on Windows runners.
 * A Dockerfile with `RUN` needs a Windows runner: say so in `runners` (`windows*=windows-2022`).
 */
const DEFAULT_RUNNER_RULES = [
    { pattern: 'linux/arm64', label: 'ubuntu-24.04-arm' },
    { pattern: 'linux/arm/*', label: 'ubuntu-24.04-arm' },
    { pattern: '*', label: 'ubuntu-latest' },
];
/**
 * Parses `platform-glob=label` lines; a label starting with `[` is a JSON array of
 * labels, one starting with `{` a runner group (`{"group": …, "labels": […]}`).
 */
function parseRunnerRules(lines) {
    return lines.map((line) => {
        const eq = line.indexOf('=');
        const pattern = line.slice(0, eq).trim();
        const text = line.slice(eq + 1).trim();
        if (eq < 0 || pattern === '' || text === '') {
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('runners', `'${line}': expected platform-glob=label`);
        }
        if (text.startsWith('{'))
            return { pattern, label: parseRunnerGroup(line, text) };
        return { pattern, label: text.startsWith('[') ? parseLabelArray(line, text) : text };
    });
}
function parseRunnerGroup(line, text) {
    let group;
    try {
        group = JSON.parse(text);
    }
    catch {
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('runners', `'${line}': the label is not a valid JSON object`);
    }
    const { group: name, labels, ...other } = (group ?? {});
    const validLabels = labels === undefined ||
        (typeof labels === 'string' && labels !== '') ||
        (Array.isArray(labels) && labels.length > 0 && labels.every((l) => typeof l === 'string' && l !== ''));
    const valid = (name === undefined || (typeof name === 'string' && name !== '')) && validLabels;
    if (!valid || Object.keys(other).length > 0 || (name === undefined && labels === undefined)) {
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('runners', `'${line}': a runner object takes 'group' and/or 'labels' (strings)`);
    }
    return group;
}
function parseLabelArray(line, text) {
    let labels;
    try {
        labels = JSON.parse(text);
    }
    catch {
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('runners', `'${line}': the label is not a valid JSON array`);
    }
    if (!Array.isArray(labels) || labels.length === 0 || labels.some((l) => typeof l !== 'string' || l === '')) {
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('runners', `'${line}': the label array must hold non-empty strings`);
    }
    return labels;
}
/** First matching rule wins; the user's rules come before the defaults. */
function runnerFor(platform, rules) {
    const rule = rules.find((r) => (0,_common_glob_js__WEBPACK_IMPORTED_MODULE_1__/* .globToRegExp */ .t)(r.pattern).test(platform)) ??
        DEFAULT_RUNNER_RULES.find((r) => (0,_common_glob_js__WEBPACK_IMPORTED_MODULE_1__/* .globToRegExp */ .t)(r.pattern).test(platform));
    return rule?.label ?? 'ubuntu-latest';
}
const ARM64_LABEL = /(^|[^a-z0-9])(arm|arm64|aarch64)([^a-z0-9]|$)/i;
/** The CPU a runner label implies: an `arm`/`arm64`/`aarch64` label means arm64, anything else x64. */
function runnerArchitecture(label) {
    const labels = labelsOf(label);
    return labels.some((l) => ARM64_LABEL.test(l)) ? 'arm64' : 'amd64';
}
/** Every label string of a runner, a group's name included. */
function labelsOf(label) {
    if (typeof label === 'string')
        return [label];
    if (Array.isArray(label))
        return label;
    return [...(label.group ? [label.group] : []), ...[label.labels ?? []].flat()];
}
/**
 * True when the runner cannot execute the platform's binaries natively. x64 runs 386
 * natively, and GitHub's arm64 runners run 32-bit arm (their cores execute AArch32 at
 * user level; docker/github-builder builds linux/arm there without QEMU). Windows is never
 * emulated (buildx builds it from Linux without running its binaries, or a Windows runner
 * runs them).
 */
function needsQemu(platform, label) {
    const p = (0,_image_index_platform_js__WEBPACK_IMPORTED_MODULE_2__/* .parsePlatform */ .Y8)(platform);
    // QEMU emulates Linux binaries only.
    if (p.os === 'windows')
        return false;
    if (p.os !== 'linux')
        return true;
    const native = runnerArchitecture(label) === 'arm64' ? ['arm64', 'arm'] : ['amd64', '386'];
    return !native.includes(p.architecture);
}


/***/ }),

/***/ 62148:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Bc: () => (/* binding */ isDigest),
/* harmony export */   CW: () => (/* binding */ normalizeTag),
/* harmony export */   F2: () => (/* binding */ parseReference),
/* harmony export */   FH: () => (/* binding */ formatReference),
/* harmony export */   V7: () => (/* binding */ assertDigest),
/* harmony export */   XN: () => (/* binding */ parseTagReference),
/* harmony export */   Xb: () => (/* binding */ DOCKER_HUB),
/* harmony export */   aR: () => (/* binding */ repositoryName),
/* harmony export */   cW: () => (/* binding */ isLoopbackHost),
/* harmony export */   nz: () => (/* binding */ apiHost)
/* harmony export */ });
/**
 * Image references, parsed and normalised like docker does:
 * `user/img:1` → `docker.io/user/img:1`, `img` → `docker.io/library/img:latest`.
 */
const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[a-fA-F0-9:]+\])(?::\d{1,5})?$/;
const MAX_NAME_LENGTH = 255;
/** `sha256:` + 64 lowercase hex (or sha512): a digest safe to put in a request path. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
/** A host name (no port) on this machine: spoken to without certificate checks, or over plain HTTP. */
function isLoopbackHost(hostname) {
    return LOOPBACK_HOSTS.has(hostname);
}
function isDigest(text) {
    return typeof text === 'string' && DIGEST.test(text);
}
/** Throws unless `text` is `sha256:` + 64 lowercase hex (or sha512). */
function assertDigest(text, what) {
    if (typeof text !== 'string' || !DIGEST.test(text)) {
        throw new Error(`${what} is not a valid digest: ${JSON.stringify(text)} (expected sha256:<64 hex>)`);
    }
    return text;
}
/** Parses `[host[:port]/]path[:tag][@digest]`; throws with the reason on anything invalid. */
function parseReference(text) {
    const input = text.trim();
    if (input === '')
        throw new Error('empty image reference');
    let rest = input;
    let digest;
    const at = rest.indexOf('@');
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        if (!DIGEST.test(digest))
            throw new Error(`invalid reference '${input}': bad digest '${digest}'`);
    }
    let tag;
    const colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
        if (!TAG.test(tag)) {
            throw new Error(`invalid reference '${input}': tag '${tag}' must be 1-128 characters of [A-Za-z0-9_.-], not starting with . or -`);
        }
    }
    const { registry, path } = splitRegistry(rest, input);
    for (const component of path.split('/')) {
        if (!COMPONENT.test(component)) {
            const why = component.toLowerCase() !== component ? 'repository names must be lowercase' : 'bad characters';
            throw new Error(`invalid reference '${input}': '${component}': ${why}`);
        }
    }
    if (registry.length + 1 + path.length > MAX_NAME_LENGTH) {
        throw new Error(`invalid reference '${input}': name longer than ${MAX_NAME_LENGTH} characters`);
    }
    return { registry, repository: path, ...(tag !== undefined && { tag }), ...(digest !== undefined && { digest }) };
}
function splitRegistry(name, input) {
    const slash = name.indexOf('/');
    const first = slash < 0 ? '' : name.slice(0, slash);
    const isHost = slash >= 0 && (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase());
    if (!isHost) {
        return { registry: DOCKER_HUB, path: slash < 0 ? `library/${name}` : name };
    }
    if (!HOST.test(first))
        throw new Error(`invalid reference '${input}': bad registry host '${first}'`);
    const port = /:(\d+)$/.exec(first)?.[1];
    if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
        throw new Error(`invalid reference '${input}': port ${port} of '${first}' is not between 1 and 65535`);
    }
    const path = name.slice(slash + 1);
    if (DOCKER_HUB_ALIASES.has(first.toLowerCase())) {
        return { registry: DOCKER_HUB, path: path.includes('/') ? path : `library/${path}` };
    }
    return { registry: first.toLowerCase(), path };
}
/** A tag reference: the tag defaults to `latest`; digests are refused (a tag is what we write to). */
function parseTagReference(text) {
    const ref = parseReference(text);
    if (ref.digest)
        throw new Error(`invalid tag '${text}': a tag reference cannot carry a digest`);
    return { registry: ref.registry, repository: ref.repository, tag: ref.tag ?? 'latest' };
}
/** `registry/repository`, the canonical repository name. */
function repositoryName(ref) {
    return `${ref.registry}/${ref.repository}`;
}
function formatReference(ref) {
    return repositoryName(ref) + (ref.tag ? `:${ref.tag}` : '') + (ref.digest ? `@${ref.digest}` : '');
}
/** Normalises a tag ref to its full form: `docker.io/library/img:latest`. */
function normalizeTag(text) {
    return formatReference(parseTagReference(text));
}
/** Host that serves the registry API: Docker Hub's is not its name. */
function apiHost(registry) {
    return registry === DOCKER_HUB ? 'registry-1.docker.io' : registry;
}


/***/ }),

/***/ 3048:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $p: () => (/* binding */ OCI_INDEX),
/* harmony export */   EG: () => (/* binding */ OCI_MANIFEST),
/* harmony export */   R7: () => (/* binding */ REFERENCE_DIGEST),
/* harmony export */   V: () => (/* binding */ INDEX_TYPES),
/* harmony export */   Vv: () => (/* binding */ DOCKER_MANIFEST),
/* harmony export */   dY: () => (/* binding */ MANIFEST_ACCEPT),
/* harmony export */   eG: () => (/* binding */ IMAGE_TYPES),
/* harmony export */   lL: () => (/* binding */ ATTESTATION_MANIFEST),
/* harmony export */   m6: () => (/* binding */ DOCKER_MANIFEST_LIST),
/* harmony export */   pz: () => (/* binding */ REFERENCE_TYPE)
/* harmony export */ });
/** OCI image-spec and Docker distribution shapes, as far as bake-fanout reads or writes them. */
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
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   GZ: () => (/* binding */ assertActionsRuntime),
/* harmony export */   lg: () => (/* binding */ actionsArtifactService),
/* harmony export */   ob: () => (/* binding */ hasArtifactService)
/* harmony export */ });
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(71922);
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
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('records', "'artifact' needs the GitHub Actions runtime (ACTIONS_RUNTIME_TOKEN); elsewhere give a directory");
    }
}
async function actionsArtifactService(env) {
    assertActionsRuntime(env);
    const { DefaultArtifactClient } = await Promise.all(/* import() */[__nccwpck_require__.e(830), __nccwpck_require__.e(942), __nccwpck_require__.e(260), __nccwpck_require__.e(275), __nccwpck_require__.e(153)]).then(__nccwpck_require__.bind(__nccwpck_require__, 53153));
    const client = new DefaultArtifactClient();
    const call = async (what, action) => {
        try {
            return await action();
        }
        catch (error) {
            throw new Error(`workflow artifacts: ${what} failed: ${(0,_common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error)}`);
        }
    };
    return {
        upload: (name, file, rootDirectory, retentionDays) => call(`upload of ${name}`, () => client.uploadArtifact(name, [file], rootDirectory, retentionDays ? { retentionDays } : {})).then(() => { }),
        list: () => call('listing', () => client.listArtifacts({ latest: true })).then((r) => r.artifacts.map((a) => ({ id: a.id, name: a.name }))),
        download: (id, dir) => call(`download of artifact ${id}`, () => client.downloadArtifact(id, { path: dir })).then(() => { }),
    };
}


/***/ }),

/***/ 48842:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   RI: () => (/* binding */ RECORD_PREFIX),
/* harmony export */   VI: () => (/* binding */ namedForAnotherRun),
/* harmony export */   ZM: () => (/* binding */ fanoutKey),
/* harmony export */   bI: () => (/* binding */ recordFileStem),
/* harmony export */   xD: () => (/* binding */ recordName)
/* harmony export */ });
/* harmony import */ var _common_slug_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(9510);
/** A record's name: which target, platforms and fan-out it is of. Pure. */

const RECORD_PREFIX = 'bake-fanout-';
/**
 * `bake-fanout-<slug>-<fan-out key>`: the slug as the matrix makes it, and a short hash
 * of the tag set, so that two fan-outs in one run (a reusable workflow called twice, an
 * outer matrix) with the same target never share a name. Stores add the attempt.
 */
function recordName(record) {
    const slug = record.platforms.map((p) => (0,_common_slug_js__WEBPACK_IMPORTED_MODULE_0__/* .slugFor */ .P)(record.target, p)).join('_');
    return `${RECORD_PREFIX}${slug}-${fanoutKey(record.tags)}`;
}
/**
 * A directory store's file of a record (`.json`) or of its completion mark (`.done.json`):
 * runs and attempts that share a directory do not overwrite each other.
 */
function recordFileStem(record) {
    return `${recordName(record)}.${record.runId}.${record.runAttempt}`;
}
/** `<name>.<runId>.<attempt>[.done].json`, where slugs (a Windows os.version) and run ids may hold dots. */
const ATTEMPT_SUFFIX = /\.\d+(?:\.done)?\.json$/;
/**
 * Whether a record file's name says it is of another run than `run`. A file of `run`
 * never is (its stem ends in `.<run>`, whatever dots slug and run id hold); neither is a
 * name of no record file (it is read, to be judged). Another run's file whose name ends
 * like one of `run` (run `1.5` beside run `5`) is read too, and kept out by its content.
 */
function namedForAnotherRun(file, run) {
    const name = file.slice(file.lastIndexOf('/') + 1);
    const attempt = ATTEMPT_SUFFIX.exec(name);
    if (!name.startsWith(RECORD_PREFIX) || !attempt)
        return false;
    const stem = name.slice(0, attempt.index);
    return stem.includes('.') && !stem.endsWith(`.${run}`);
}
/**
 * The fan-out a record belongs to: a short hash of its (normalised) tag set. FNV-1a
 * (64-bit), not node:crypto: it only tells a run's fan-outs apart, and loading the crypto
 * module would cost every start of the action (records are read before any registry code).
 */
function fanoutKey(tags) {
    const text = [...new Set(tags)].sort().join('\n');
    // The 64-bit hash in two 32-bit halves (BigInt arithmetic per byte cost ~3 ms a listing).
    let [high, low] = [0xcbf29ce4, 0x84222325];
    for (const byte of Buffer.from(text, 'utf8')) {
        low ^= byte;
        // × 0x100000001b3 = × 2^40 + × 0x1b3, modulo 2^64
        const lowProduct = (low >>> 0) * 0x1b3;
        high = (Math.imul(high, 0x1b3) + Math.floor(lowProduct / 2 ** 32) + (low << 8)) >>> 0;
        low = lowProduct >>> 0;
    }
    return (high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0')).slice(0, 10);
}


/***/ }),

/***/ 52549:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  BF: () => (/* binding */ DEFAULT_ORPHAN_HORIZON_SECONDS),
  po: () => (/* binding */ InvalidRecordError),
  RI: () => (/* reexport */ names/* RECORD_PREFIX */.RI),
  I8: () => (/* binding */ completionKey),
  G9: () => (/* binding */ completionOf),
  xh: () => (/* binding */ currentRun),
  ZM: () => (/* reexport */ names/* fanoutKey */.ZM),
  Bl: () => (/* binding */ isNewerRecord),
  BM: () => (/* binding */ newestByPlatform),
  Tw: () => (/* binding */ parseStored),
  cL: () => (/* binding */ recordMismatch),
  xD: () => (/* reexport */ names/* recordName */.xD),
  l7: () => (/* binding */ releaseOf)
});

// UNUSED EXPORTS: parseRecord

// EXTERNAL MODULE: ./src/common/json.ts
var common_json = __nccwpck_require__(29927);
// EXTERNAL MODULE: ./src/image-index/platform.ts
var image_index_platform = __nccwpck_require__(20985);
// EXTERNAL MODULE: ./src/image-index/runs.ts
var runs = __nccwpck_require__(38320);
// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __nccwpck_require__(62148);
;// CONCATENATED MODULE: ./src/records/written.ts
/**
 * What an append wrote: each index it PUT to a tag, as the registry acknowledged it.
 * Saved in the job's completion mark, after its writes; verify's GHCR cleanup deletes
 * only such digests (and only when every other condition holds). Read back like any
 * record: validated, never trusted to name anything else.
 */


/** Far more than an append writes (rounds × tags), far less than a file could claim. */
const MAX_WRITTEN = 10_000;
function parseWritten(value, fail) {
    if (!Array.isArray(value) || value.length > MAX_WRITTEN)
        return fail(`written must be a list of at most ${MAX_WRITTEN}`);
    return value.map((entry, i) => {
        if (!(0,common_json/* isJsonObject */.O)(entry) || typeof entry.ref !== 'string' || !(0,reference/* isDigest */.Bc)(entry.digest))
            return fail(`written[${i}] needs a tag ref and a digest`);
        let ref;
        try {
            ref = (0,reference/* normalizeTag */.CW)(entry.ref);
        }
        catch {
            return fail(`written[${i}] is not a tag ref`);
        }
        return { ref, digest: entry.digest };
    });
}

// EXTERNAL MODULE: ./src/records/names.ts
var names = __nccwpck_require__(48842);
;// CONCATENATED MODULE: ./src/records/record.ts
/**
 * A record: what one append built and where it belongs (docs/design.md, "Records"),
 * the run's source of truth for appends and verify. Pure: the shape, its validation
 * and its name.
 */







/** The orphan horizon verify assumes for a record that names none (the input's default). */
const DEFAULT_ORPHAN_HORIZON_SECONDS = 30;
/**
 * The run a mode belongs to, from the CI system's environment: GitHub's run id and
 * attempt, GitLab's pipeline, Buildkite's build number, Jenkins' build number,
 * CircleCI's workflow, Azure Pipelines' build id (and job attempt); else `local`.
 * Numeric ids order runs; others (CircleCI's) fall back to build time.
 */
function currentRun(env) {
    const systems = [
        [env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT],
        [env.CI_PIPELINE_ID, undefined],
        [env.BUILDKITE_BUILD_NUMBER, env.BUILDKITE_RETRY_COUNT && String(Number(env.BUILDKITE_RETRY_COUNT) + 1)],
        [env.JENKINS_URL ? env.BUILD_NUMBER : undefined, undefined],
        [env.CIRCLE_WORKFLOW_ID, undefined],
        [env.BUILD_BUILDID, env.SYSTEM_JOBATTEMPT],
    ];
    const [id, attempt] = systems.find(([runId]) => runId) ?? ['local', undefined];
    return { runId: id, runAttempt: Number(attempt ?? 1) || 1 };
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
/** The completion mark of a build record. */
function completionOf(record, completion) {
    const { target, platforms, digest, runId, runAttempt } = record;
    return { version: 1, fanout: (0,names/* fanoutKey */.ZM)(record.tags), target, platforms, digest, runId, runAttempt, ...completion };
}
/** What ties a completion mark to its build record: the same job's build, in the same fan-out. */
function completionKey(r) {
    return JSON.stringify([r.runId, r.runAttempt, r.target, r.digest, r.fanout ?? '']);
}
/** A target within its fan-out: what verify publishes, or refuses, as one. */
function releaseOf(record) {
    return `${record.target} ${record.fanout ?? (0,names/* fanoutKey */.ZM)(record.tags)}`;
}
/** A stored file: a build record, or a completion mark (it has `completedAt`). */
function parseStored(json, source) {
    if ((0,common_json/* isJsonObject */.O)(json) && 'completedAt' in json)
        return { completion: parseCompletion(json, source) };
    return { record: parseRecord(json, source) };
}
function parseCompletion(json, source) {
    const fail = failure(source);
    const time = (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v));
    if (!time(json.completedAt) || (json.horizonUntil !== undefined && !time(json.horizonUntil)))
        fail('a completion mark needs ISO times');
    const fanout = typeof json.fanout === 'string' && /^[0-9a-f]{10}$/.test(json.fanout) ? json.fanout : fail('no fan-out key');
    return {
        version: 1,
        fanout,
        ...parseJob(json, source),
        completedAt: json.completedAt,
        ...(json.horizonUntil !== undefined && { horizonUntil: json.horizonUntil }),
        ...(json.written !== undefined && { written: parseWritten(json.written, fail) }),
    };
}
const TARGET_NAME = /^[A-Za-z0-9_-]{1,128}$/;
/** A file that is no valid record. Its message names the file and the field, never a value it holds. */
class InvalidRecordError extends Error {
    name = 'InvalidRecordError';
}
const failure = (source) => (what) => {
    throw new InvalidRecordError(`record ${source}: ${what}`);
};
/** A value a parser checks whose own error would quote it: a record's values are not echoed, only the field is named. */
function checked(what, fail, parse) {
    try {
        return parse();
    }
    catch {
        return fail(`${what} is not valid`);
    }
}
function strings(v, what, fail) {
    return Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string')
        ? v
        : fail(`${what} must be a non-empty list`);
}
/** The fields that name a job's build: the same in a record and in its completion mark. */
function parseJob(json, source) {
    const fail = failure(source);
    // What records say is printed and compared: only plain names (bake's own target-name rule).
    if (typeof json.target !== 'string' || !TARGET_NAME.test(json.target))
        fail('no target, or not a bake target name');
    const platforms = strings(json.platforms, 'platforms', fail).map((p) => checked('a platform', fail, () => (0,image_index_platform/* formatPlatform */.Bq)((0,image_index_platform/* parsePlatform */.Y8)(p))));
    const digest = checked('digest', fail, () => (0,reference/* assertDigest */.V7)(json.digest, 'digest'));
    const runAttempt = typeof json.runAttempt === 'number' ? json.runAttempt : 1;
    // Records of before runId was kept cannot be told apart by run: they count as local.
    const runId = json.runId === undefined || json.runId === '' ? 'local' : json.runId;
    if (!(0,runs/* isRunId */.Pk)(runId))
        fail('runId is not a run id');
    if (!Number.isInteger(runAttempt) || runAttempt < 1)
        fail('runAttempt is not a positive whole number');
    return { target: json.target, platforms, digest, runId: runId, runAttempt };
}
/** Validates a record read back from storage; `source` names it in errors. */
function parseRecord(json, source) {
    const fail = failure(source);
    if (!(0,common_json/* isJsonObject */.O)(json) || (json.version !== 1 && json.version !== 2))
        return fail('not a version 1 or 2 bake-fanout record');
    const job = parseJob(json, source);
    const repositories = strings(json.repositories, 'repositories', fail).map((r) => checked('a repository', fail, () => (0,reference/* repositoryName */.aR)((0,reference/* parseReference */.F2)(r))));
    const tags = strings(json.tags, 'tags', fail).map((t) => checked('a tag', fail, () => (0,reference/* normalizeTag */.CW)(t)));
    if (typeof json.mediaType !== 'string' || typeof json.size !== 'number')
        fail('no mediaType or size');
    const createdAt = typeof json.createdAt === 'string' && !Number.isNaN(Date.parse(json.createdAt))
        ? json.createdAt
        : fail('no createdAt');
    const v2 = json.version === 2 && {
        ...(json.targetPlatforms !== undefined && {
            targetPlatforms: strings(json.targetPlatforms, 'targetPlatforms', fail).map((p) => checked('a target platform', fail, () => (0,image_index_platform/* formatPlatform */.Bq)((0,image_index_platform/* parsePlatform */.Y8)(p)))),
        }),
        entries: parseEntries(json.entries, fail),
        ...(json.indexAnnotations !== undefined && {
            indexAnnotations: parseIndexAnnotations(json.indexAnnotations, fail),
        }),
    };
    return {
        version: json.version,
        ...job,
        ...v2,
        mediaType: json.mediaType,
        size: json.size,
        repositories,
        tags,
        fanout: (0,names/* fanoutKey */.ZM)(tags),
        createdAt,
        ...(typeof json.orphanHorizon === 'number' && json.orphanHorizon >= 0 && { orphanHorizon: json.orphanHorizon }),
        ...(json.deferred === true && { deferred: true }),
    };
}
/**
 * What is wrong with a record whose digest the registry holds as `actual` platforms, if
 * anything: a record is believed only when its digest holds exactly the platforms it
 * claims (a lying record would put another platform in the one it names).
 */
function recordMismatch(record, actual) {
    const key = (p) => (0,image_index_platform/* platformKey */.Ng)((0,image_index_platform/* parsePlatform */.Y8)(p));
    const claimed = [...new Set(record.platforms.map(key))].sort();
    const held = [...new Set(actual.map(key))].sort();
    if (claimed.join() === held.join())
        return undefined;
    return `the record of ${record.target} (attempt ${record.runAttempt}) says ${claimed.join(', ')}, but ${record.digest} holds ${held.join(', ') || 'no platform image'}`;
}
/** Keys and values as an index carries them: strings, a key never empty. */
function parseIndexAnnotations(value, fail) {
    if (!(0,common_json/* isJsonObject */.O)(value))
        return fail('indexAnnotations is not an object');
    const pairs = Object.entries(value);
    if (pairs.some(([key, v]) => key === '' || typeof v !== 'string'))
        fail('indexAnnotations must map keys to strings');
    return Object.fromEntries(pairs);
}
/** A record's entries, each a descriptor as the index will carry it: validated like anything read. */
function parseEntries(value, fail) {
    if (!Array.isArray(value) || value.length === 0)
        return fail('entries must be a non-empty list');
    return value.map((entry, i) => {
        const what = `entries[${i}]`;
        if (!(0,common_json/* isJsonObject */.O)(entry))
            return fail(`${what} is not a descriptor`);
        const { mediaType, digest, size, platform, annotations } = entry;
        if (typeof mediaType !== 'string' || !/^[\w.+-]+\/[\w.+-]+$/.test(mediaType))
            fail(`${what} has no media type`);
        checked(`${what} digest`, fail, () => (0,reference/* assertDigest */.V7)(digest, 'digest'));
        if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
            fail(`${what} has no size`);
        if (platform !== undefined && !(0,image_index_platform/* isWellFormedPlatform */.tK)(platform))
            fail(`${what} names a platform that cannot be read`);
        if (annotations !== undefined &&
            !((0,common_json/* isJsonObject */.O)(annotations) && Object.values(annotations).every((v) => typeof v === 'string')))
            fail(`${what} has annotations that are not strings`);
        return entry;
    });
}


/***/ }),

/***/ 6900:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  xR: () => (/* reexport */ MAX_RECORD_BYTES),
  TD: () => (/* binding */ openRecordStore),
  Yh: () => (/* binding */ prepareRecordDirectory)
});

// UNUSED EXPORTS: ArtifactRecordStore, DirectoryRecordStore, UnreadableRecordError, makeDirectory

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(73024);
// EXTERNAL MODULE: ./src/common/fs.ts
var fs = __nccwpck_require__(49150);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(76760);
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/common/clock.ts
var common_clock = __nccwpck_require__(39987);
// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __nccwpck_require__(71922);
// EXTERNAL MODULE: ./src/records/record.ts + 1 modules
var records_record = __nccwpck_require__(52549);
// EXTERNAL MODULE: ./src/records/names.ts
var names = __nccwpck_require__(48842);
;// CONCATENATED MODULE: ./src/records/record-files.ts
/**
 * Reading a directory of records (a records directory, or one artifact downloaded):
 * what is a record, what is skipped and said, and what fails the step.
 */





/** A record that exists and cannot be read: the step fails (skipping it could drop its platform from the union). */
class UnreadableRecordError extends Error {
    name = 'UnreadableRecordError';
}
/**
 * Records are about 1 KB (a dozen descriptors). 256 KiB holds a record of more than a
 * thousand entries, far beyond any bake target, while a larger file named like a record
 * (a log, a dump, 300 MB of anything) is refused by its size, never read into memory.
 */
const MAX_RECORD_BYTES = 256 * 1024;
/**
 * Every `*.json` file under `dir` that is `wanted` (by its relative path), parsed. A file that is no valid record (another run's,
 * another tool's, damaged), a symbolic link (never followed: a link could name any file
 * on the runner) or a file over MAX_RECORD_BYTES is skipped and said, by name only; a
 * file that exists and cannot be read fails the step.
 */
async function readRecordFiles(dir, policy, cache = new Map(), wanted = () => true) {
    const files = (await listJsonFiles(dir, policy)).filter(([file]) => wanted(file));
    const outcomes = await mapLimited(files, PARALLEL_READS, ([file, entry]) => cachedRead(cache, dir, file, entry));
    const records = [];
    // Skipped files are said in the listing's order, and read (and said) again next time: it may have been passing.
    outcomes.forEach((outcome, i) => {
        if ('skipped' in outcome)
            return policy.onSkipped(files[i][0], outcome.skipped);
        records.push(outcome);
    });
    return records;
}
function cachedRead(cache, dir, file, entry) {
    let read = cache.get(file);
    if (!read) {
        read = readRecord(dir, file, entry);
        cache.set(file, read);
        // Dropped only if still this read: a file saved anew meanwhile has a newer one.
        const drop = () => cache.get(file) === read && cache.delete(file);
        read.then((outcome) => 'skipped' in outcome && drop(), drop);
    }
    return read;
}
/**
 * Files read at once: enough to hide the latency of a slow disk, few enough that a
 * directory of thousands of files (a store shared by many runs) stays within the
 * process's descriptors and a few MB of read buffers.
 */
const PARALLEL_READS = 16;
/** `fn` over `items`, at most `limit` at a time, results in the items' order. */
async function mapLimited(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = await fn(items[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}
async function readRecord(dir, file, entry) {
    // A link is opened too, without following it: refused at open, as is one swapped in after the listing.
    const content = entry.isFile() || entry.isSymbolicLink() ? await readBounded(external_node_path_default().join(dir, file), file) : { skipped: NOT_A_FILE };
    if ('skipped' in content)
        return content;
    try {
        return (0,records_record/* parseStored */.Tw)(JSON.parse(content.text), file);
    }
    catch (error) {
        // A shared directory holds other runs' files too (pull requests included): none of them stops this run.
        if (error instanceof SyntaxError)
            return { skipped: 'not valid JSON' };
        if (error instanceof records_record/* InvalidRecordError */.po)
            return { skipped: error.message };
        throw error;
    }
}
/** The `*.json` entries under `dir` (subdirectories included, links to them not entered), by relative path. */
async function listJsonFiles(dir, policy) {
    let entries;
    try {
        entries = await (0,fs/* readdirRecursive */.Ks)(dir);
    }
    catch (error) {
        const code = error.code;
        if (code === 'ENOENT' && policy.missingIsEmpty)
            return [];
        if (code === 'ENOENT')
            throw new errors/* InputError */.dz('records', `directory '${dir}' does not exist`);
        if (code === 'ENOTDIR')
            throw new errors/* InputError */.dz('records', `'${dir}' is not a directory`);
        throw error;
    }
    return (entries
        .filter((e) => e.name.endsWith('.json') && !e.name.startsWith('.') && !e.isDirectory())
        // Most entries are at the top: their relative path is their name (path.relative costs a
        // starting process ~0.8 ms a listing of 100 files, and a job lists a dozen times).
        .map((e) => [
        e.parentPath === dir ? e.name : external_node_path_default().relative(dir, external_node_path_default().join(e.parentPath, e.name)),
        e,
    ])
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
const LINK = 'a symbolic link, not followed';
const NOT_A_FILE = 'not a regular file';
/**
 * A file's text, read through one descriptor opened without following a link and
 * without blocking on a pipe, and only when it is a regular file within MAX_RECORD_BYTES.
 */
async function readBounded(file, name) {
    const flags = external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NOFOLLOW | external_node_fs_.constants.O_NONBLOCK;
    const handle = await (0,fs/* open */.ho)(file, flags).catch((error) => {
        if (error.code === 'ELOOP')
            return { skipped: LINK };
        // Gone since the listing (another run's cleanup): it is no record of this store any more.
        if (error.code === 'ENOENT')
            return { skipped: 'removed while the records were read' };
        throw new UnreadableRecordError(`record ${name} exists and cannot be read (${error.code ?? (0,errors/* errorMessage */.gJ)(error)})`);
    });
    if ('skipped' in handle)
        return handle;
    try {
        const info = await handle.stat();
        if (!info.isFile())
            return { skipped: NOT_A_FILE };
        // One byte more than the bound is read at most: enough to tell a file too large, whatever its size.
        const buffer = Buffer.alloc(MAX_RECORD_BYTES + 1);
        let length = 0;
        while (length < buffer.length) {
            const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
            if (bytesRead === 0)
                break;
            length += bytesRead;
        }
        if (length > MAX_RECORD_BYTES)
            return { skipped: `larger than ${MAX_RECORD_BYTES / 1024} KiB, which no record is: not read` };
        return { text: buffer.toString('utf8', 0, length) };
    }
    catch (error) {
        throw new UnreadableRecordError(`record ${name} exists and cannot be read (${(0,errors/* errorMessage */.gJ)(error)})`, {
            cause: error,
        });
    }
    finally {
        await handle.close();
    }
}

;// CONCATENATED MODULE: ./src/records/store.ts
/**
 * Where records live: files in a directory, or workflow artifacts
 * `bake-fanout-<slug>-<fan-out key>.<attempt>` inside Actions. Both are read-after-write consistent (a rename in one directory; the
 * v4 artifact service serves an artifact from its API once the upload returns), which
 * is what the convergence of append rests on. The artifact service is reached only
 * through ArtifactService.
 */










/** Downloads of one record artifact before the step fails; the waits between them double from this. */
const DOWNLOAD_TRIES = 3;
const DOWNLOAD_RETRY_MS = 1000;
class DirectoryRecordStore {
    dir;
    policy;
    description;
    /** Files read, by name: a record file is never replaced (names carry run and attempt), so each is read once. */
    files = new Map();
    constructor(dir, policy) {
        this.dir = dir;
        this.policy = policy;
        this.description = `directory ${dir}`;
    }
    async save(record) {
        await this.write(`${(0,names/* recordFileStem */.bI)(record)}.json`, record);
    }
    async saveCompletion(record, completion) {
        await this.write(`${(0,names/* recordFileStem */.bI)(record)}.done.json`, (0,records_record/* completionOf */.G9)(record, completion));
    }
    async write(name, content) {
        const temporary = external_node_path_default().join(this.dir, `.${name}.${process.pid}.tmp`);
        await makeDirectory(this.dir);
        await (0,fs/* writeFile */._h)(temporary, JSON.stringify(content, null, 2) + '\n');
        await (0,fs/* rename */.$w)(temporary, external_node_path_default().join(this.dir, name));
        // Replaced only by a run that reuses its attempt (the CLI, run twice): the next listing reads it anew.
        this.files.delete(name);
    }
    async loadAll(run) {
        return withCompletions(await readRecordFiles(this.dir, this.policy, this.files, ofRun(run)));
    }
    warm(run) {
        // A skipped file is said by the listing that meets it, not here.
        readRecordFiles(this.dir, { ...this.policy, onSkipped: () => { } }, this.files, ofRun(run)).catch(() => { });
    }
}
/** The run's artifacts that are records (never its other artifacts). */
function recordArtifacts(artifacts) {
    return artifacts.filter((a) => a.name.startsWith(records_record/* RECORD_PREFIX */.RI));
}
/** A directory shared by runs: only the files not named as another run's are read. */
function ofRun(run) {
    if (run === undefined)
        return undefined;
    return (file) => !(0,names/* namedForAnotherRun */.VI)(file, run);
}
class ArtifactRecordStore {
    connect;
    policy;
    retentionDays;
    description = 'workflow artifacts';
    /** Artifacts are immutable (a replaced one gets a new id): each is downloaded once. */
    downloaded = new Map();
    /** Downloads the warm-up started (one try each), until a listing takes them over. */
    warming = new Map();
    connected;
    constructor(
    /**
     * The service, connected on first use: @actions/artifact takes ~135 ms to load, which
     * append spends while its first registry requests are out, not before sending them.
     */
    connect, policy, 
    /** Days the record artifacts are kept: long enough for re-runs of failed jobs. */
    retentionDays) {
        this.connect = connect;
        this.policy = policy;
        this.retentionDays = retentionDays;
    }
    service() {
        return (this.connected ??= this.connect());
    }
    /**
     * One artifact per attempt (names are unique within a run): a re-run never deletes or
     * replaces the earlier attempt's record — a moment without it would let another job's
     * union, built on a stale read, drop that platform — and the newest attempt wins when read.
     */
    async save(record) {
        await this.upload(`${(0,records_record/* recordName */.xD)(record)}.${record.runAttempt}`, record);
    }
    async saveCompletion(record, completion) {
        await this.upload(`${(0,records_record/* recordName */.xD)(record)}.${record.runAttempt}.done`, (0,records_record/* completionOf */.G9)(record, completion));
    }
    async upload(name, content) {
        const dir = await (0,fs/* mkdtemp */.jV)(external_node_path_default().join((0,external_node_os_.tmpdir)(), 'bake-fanout-record-'));
        const file = external_node_path_default().join(dir, `${name}.json`);
        await (0,fs/* writeFile */._h)(file, JSON.stringify(content, null, 2) + '\n');
        try {
            await (await this.service()).upload(name, file, dir, this.retentionDays);
        }
        finally {
            await (0,fs.rm)(dir, { recursive: true, force: true });
        }
    }
    async loadAll() {
        const artifacts = recordArtifacts(await (await this.service()).list());
        // A record that cannot be read is not skipped: the union could then drop its platform.
        const stored = await Promise.all(artifacts.map((a) => this.download(a)));
        return withCompletions(stored.flat());
    }
    warm() {
        // One try each, never a wait between tries (a job that fails meanwhile is not kept alive by
        // them): a download that fails is tried again, with waits, by the listing that needs it.
        this.service()
            .then((service) => service.list())
            .then((artifacts) => {
            for (const artifact of recordArtifacts(artifacts)) {
                if (this.downloaded.has(artifact.id) || this.warming.has(artifact.id))
                    continue;
                const early = this.downloadWithRetries(artifact, 1);
                early.catch(() => { });
                this.warming.set(artifact.id, early);
            }
        }, () => { });
    }
    download(artifact) {
        let records = this.downloaded.get(artifact.id);
        if (!records) {
            const early = this.warming.get(artifact.id);
            this.warming.delete(artifact.id);
            records = early ? early.catch(() => this.downloadWithRetries(artifact)) : this.downloadWithRetries(artifact);
            records.catch(() => this.downloaded.delete(artifact.id));
            this.downloaded.set(artifact.id, records);
        }
        return records;
    }
    /** A download that fails is tried again (the service can fail for a moment); after the last try the step fails. */
    async downloadWithRetries({ id, name }, tries = DOWNLOAD_TRIES) {
        const clock = this.policy.clock ?? common_clock/* systemClock */.m;
        for (let tried = 1;; tried++) {
            const dir = await (0,fs/* mkdtemp */.jV)(external_node_path_default().join((0,external_node_os_.tmpdir)(), 'bake-fanout-records-'));
            try {
                await (await this.service()).download(id, dir);
                return await readRecordFiles(dir, this.policy);
            }
            catch (error) {
                if (error instanceof UnreadableRecordError || tried >= tries)
                    throw new UnreadableRecordError(`record artifact ${name} (id ${id}) could not be read (${tried} ${tried === 1 ? 'try' : 'tries'}): ${(0,errors/* errorMessage */.gJ)(error)} ` +
                        '(after "Re-run failed jobs" the artifact service may list earlier attempts\' artifacts it no longer serves)', { cause: error });
            }
            finally {
                await (0,fs.rm)(dir, { recursive: true, force: true });
            }
            await clock.sleep(DOWNLOAD_RETRY_MS * 2 ** (tried - 1));
        }
    }
}
/** The build records, each with its completion mark when one was saved. */
function withCompletions(stored) {
    const completions = new Map();
    for (const s of stored)
        if ('completion' in s)
            completions.set((0,records_record/* completionKey */.I8)(s.completion), s.completion);
    return stored.flatMap((s) => {
        if (!('record' in s))
            return [];
        const mark = completions.get((0,records_record/* completionKey */.I8)(s.record));
        const completion = mark && {
            completedAt: mark.completedAt,
            ...(mark.horizonUntil && { horizonUntil: mark.horizonUntil }),
            ...(mark.written && { written: mark.written }),
        };
        return [completion ? { ...s.record, completion } : s.record];
    });
}
/**
 * `mkdir -p`, one level at a time: node's recursive mkdir spins forever on a path under
 * /proc that cannot be made. A missing level whose parent exists and refuses it fails
 * at once.
 */
async function makeDirectory(dir) {
    const missing = [];
    for (let current = external_node_path_default().resolve(dir);; current = external_node_path_default().dirname(current)) {
        const info = await (0,fs/* stat */.dJ)(current).catch((error) => {
            if (error.code !== 'ENOENT')
                throw error;
            return undefined;
        });
        if (info && !info.isDirectory())
            throw Object.assign(new Error(`${current} is a file`), { code: 'ENOTDIR' });
        if (info || external_node_path_default().dirname(current) === current)
            break;
        missing.unshift(current);
    }
    for (const level of missing) {
        await (0,fs/* mkdir */.Ck)(level).catch((error) => {
            if (error.code !== 'EEXIST')
                throw error;
        });
    }
}
/** The store the `records` input names: `artifact` (its service connected on first use), a directory, or none (CLI outside Actions). */
function openRecordStore(spec, artifacts, policy) {
    if (spec === undefined)
        return undefined;
    if (spec === 'artifact')
        return new ArtifactRecordStore(artifacts, policy, policy.retentionDays);
    return new DirectoryRecordStore(spec, policy);
}
/** A records directory append can write: created when missing; a file in the way is bad input. */
async function prepareRecordDirectory(dir) {
    try {
        await makeDirectory(dir);
        await (0,fs/* access */.T_)(dir, external_node_fs_.constants.W_OK);
    }
    catch (error) {
        const code = error.code;
        const why = code === 'EEXIST' || code === 'ENOTDIR'
            ? 'is a file, or lies under one: give a directory'
            : `cannot be written (${code ?? (0,errors/* errorMessage */.gJ)(error)})`;
        throw new errors/* InputError */.dz('records', `'${dir}' ${why}`);
    }
}


/***/ }),

/***/ 48054:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   D$: () => (/* binding */ describeRepair),
/* harmony export */   ES: () => (/* binding */ orphanWait),
/* harmony export */   G3: () => (/* binding */ allOrNothing),
/* harmony export */   N6: () => (/* binding */ recordsForTags),
/* harmony export */   Of: () => (/* binding */ refusalOf),
/* harmony export */   TU: () => (/* binding */ planVerify),
/* harmony export */   hk: () => (/* binding */ uncheckedReleases),
/* harmony export */   z3: () => (/* binding */ missingPlatforms)
/* harmony export */ });
/* harmony import */ var _image_index_entries_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(52308);
/* harmony import */ var _records_record_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(52549);
/* harmony import */ var _image_index_platform_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(20985);
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(62148);




/** One plan per tag the records name; per platform, the newest record (a higher attempt, then a later time). */
function planVerify(records, annotations = []) {
    const tags = [...new Set(records.flatMap((r) => r.tags))];
    return tags.map((ref) => {
        const { registry, repository, tag } = (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .parseTagReference */ .XN)(ref);
        const named = records.filter((r) => r.tags.includes(ref));
        const byPlatform = (0,_records_record_js__WEBPACK_IMPORTED_MODULE_1__/* .newestByPlatform */ .BM)(named);
        const choices = [...byPlatform].map(([platform, { newest: record, all: list }]) => {
            const digests = new Set(list.map((r) => r.digest));
            if (digests.size < 2)
                return { platform, record };
            const conflict = `${platform}: ${list.length} records disagree; using attempt ${record.runAttempt} of ${record.createdAt} (${record.digest})`;
            return { platform, record, conflict };
        });
        const chosen = [...new Set(choices.map((c) => c.record))];
        return { ref, registry, repository, tag, choices, annotations: tagAnnotations(chosen, annotations) };
    });
}
function tagAnnotations(records, input) {
    const oldestFirst = [...records].sort((a, b) => ((0,_records_record_js__WEBPACK_IMPORTED_MODULE_1__/* .isNewerRecord */ .Bl)(a, b) ? 1 : (0,_records_record_js__WEBPACK_IMPORTED_MODULE_1__/* .isNewerRecord */ .Bl)(b, a) ? -1 : 0));
    const recorded = oldestFirst.flatMap((r) => Object.entries(r.indexAnnotations ?? {}));
    return [...new Map([...recorded, ...input])];
}
/** What a verify changed in a tag, per platform, for the report. */
function describeRepair(before, after, ours) {
    const digestOf = (list) => new Map((0,_image_index_entries_js__WEBPACK_IMPORTED_MODULE_0__/* .imageEntries */ .Io)(list).map((e) => [(0,_image_index_entries_js__WEBPACK_IMPORTED_MODULE_0__/* .platformOf */ .tj)(e), e.digest]));
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
/**
 * How long verify waits before its writes so that no append's abandoned write attempt
 * lands after them: one orphan horizon when a record has no completion mark (its job
 * crashed, was cancelled, or could not save the mark), and until any horizon a job
 * said it waited for has passed on this clock. Deferred records leave no write in flight.
 */
function orphanWait(records, now) {
    const writers = records.filter((r) => !r.deferred);
    // A re-run starts after its run ended: an earlier attempt superseded by a newer one of the same
    // job (release and platforms) has long had its orphans land or expire.
    const job = (r) => `${(0,_records_record_js__WEBPACK_IMPORTED_MODULE_1__/* .releaseOf */ .l7)(r)} ${r.platforms.join(',')}`;
    const newest = new Map();
    for (const r of writers)
        newest.set(job(r), Math.max(newest.get(job(r)) ?? 0, r.runAttempt));
    const incomplete = writers.filter((r) => !r.completion && r.runAttempt === newest.get(job(r)));
    const horizons = incomplete.map((r) => (r.orphanHorizon ?? _records_record_js__WEBPACK_IMPORTED_MODULE_1__/* .DEFAULT_ORPHAN_HORIZON_SECONDS */ .BF) * 1000);
    const pending = writers.flatMap((r) => r.completion?.horizonUntil ? [Date.parse(r.completion.horizonUntil) - now] : []);
    return { ms: Math.max(0, ...horizons, ...pending), incomplete };
}
/**
 * Per release (a target in its fan-out, releaseOf), the platforms the target builds (as
 * its records state them) that no record of this run holds — a platform job that failed,
 * was cancelled or skipped. By default only in a `defer` run (all or nothing); signing
 * asks of every run. Records that state no target platforms (version 1; an append
 * without a bake file) cannot be checked.
 */
function missingPlatforms(records, { deferredOnly } = { deferredOnly: true }) {
    const groups = new Map();
    for (const r of records)
        groups.set((0,_records_record_js__WEBPACK_IMPORTED_MODULE_1__/* .releaseOf */ .l7)(r), [...(groups.get((0,_records_record_js__WEBPACK_IMPORTED_MODULE_1__/* .releaseOf */ .l7)(r)) ?? []), r]);
    const missing = new Map();
    for (const [release, group] of groups) {
        if (deferredOnly && !group.some((r) => r.deferred))
            continue;
        const base = (p) => (0,_image_index_platform_js__WEBPACK_IMPORTED_MODULE_2__/* .basePlatform */ .Hu)((0,_image_index_platform_js__WEBPACK_IMPORTED_MODULE_2__/* .platformKey */ .Ng)((0,_image_index_platform_js__WEBPACK_IMPORTED_MODULE_2__/* .parsePlatform */ .Y8)(p)));
        const have = new Set(group.flatMap((r) => r.platforms.map(base)));
        const need = new Set(group.flatMap((r) => (r.targetPlatforms ?? []).map(base)));
        const absent = [...need].filter((p) => !have.has(p)).sort();
        if (absent.length > 0)
            missing.set(release, { target: group[0].target, platforms: absent });
    }
    return missing;
}
/**
 * A `defer` run publishes all or nothing: a release some of whose platforms have no
 * record of this run is refused (release → why), unless `partial`, which publishes what
 * was built and says what is missing (`partial`, the warnings).
 */
function allOrNothing(missing, partial) {
    const refused = new Map();
    const published = [];
    for (const [release, { target, platforms }] of missing) {
        const what = `target ${target}: no record of this run for ${platforms.join(', ')} (its platform job failed, was cancelled or skipped)`;
        if (partial)
            published.push(`${what}: publishing the platforms that were built (partial: true)`);
        else
            refused.set(release, `${what}: none of ${target}'s tags is written; 'partial: true' publishes what was built`);
    }
    return { refused, partial: published };
}
/**
 * Why a tag is not written, if it is not: a release it belongs to (a target in its
 * fan-out) was refused. Only the releases whose records name the tag count: a refused
 * release never holds back another's tags.
 */
function refusalOf(ref, records, refused) {
    const held = records.find((r) => r.tags.includes(ref) && refused.has((0,_records_record_js__WEBPACK_IMPORTED_MODULE_1__/* .releaseOf */ .l7)(r)));
    return held && refused.get((0,_records_record_js__WEBPACK_IMPORTED_MODULE_1__/* .releaseOf */ .l7)(held));
}
/** Releases of a `defer` run whose records state no target platforms: all or nothing cannot be checked there. */
function uncheckedReleases(records) {
    const deferred = records.filter((r) => r.deferred);
    return [...new Set(deferred.filter((r) => !r.targetPlatforms).map((r) => r.target))];
}
/** verify given `tags`: only the records that name one of them, each narrowed to those tags. */
function recordsForTags(records, tags) {
    const wanted = new Set(tags);
    return records.flatMap((r) => {
        const named = r.tags.filter((t) => wanted.has(t));
        return named.length > 0 ? [{ ...r, fanout: r.fanout ?? (0,_records_record_js__WEBPACK_IMPORTED_MODULE_1__/* .fanoutKey */ .ZM)(r.tags), tags: named }] : [];
    });
}


/***/ }),

/***/ 311:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   x: () => (/* binding */ VERSION)
/* harmony export */ });
/** The version `--version` prints; a test keeps it equal to package.json's. */
const VERSION = '1.0.0';


/***/ }),

/***/ 42613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 20181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 35317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 49140:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("constants");

/***/ }),

/***/ 76982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 72250:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("dns");

/***/ }),

/***/ 24434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 79896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 91943:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs/promises");

/***/ }),

/***/ 58611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 85675:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http2");

/***/ }),

/***/ 65692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 69278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 34589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 16698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 31421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 37540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 77598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 53053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 40610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 78474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 73024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 51455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 37067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 32467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 44708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 98995:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:module");

/***/ }),

/***/ 77030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 48161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 76760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 41792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 57075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 46193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:string_decoder");

/***/ }),

/***/ 41692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 73136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 57975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 73429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 75919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 38522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 70857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 16928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 13193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 53557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

/***/ }),

/***/ 16460:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers/promises");

/***/ }),

/***/ 64756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 52018:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tty");

/***/ }),

/***/ 87016:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");

/***/ }),

/***/ 39023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 43106:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("zlib");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		id: moduleId,
/******/ 		loaded: false,
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Flag the module as loaded
/******/ 	module.loaded = true;
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/node module decorator */
/******/ (() => {
/******/ 	__nccwpck_require__.nmd = (module) => {
/******/ 		module.paths = [];
/******/ 		if (!module.children) module.children = [];
/******/ 		return module;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(79407);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
