export const id = 112;
export const ids = [112];
export const modules = {

/***/ 89112:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __webpack_require__(71922);
// EXTERNAL MODULE: ./src/common/actions-exec.ts
var actions_exec = __webpack_require__(86674);
// EXTERNAL MODULE: ./src/action/github-oidc.ts
var github_oidc = __webpack_require__(95697);
// EXTERNAL MODULE: ./src/action/inputs.ts + 1 modules
var action_inputs = __webpack_require__(82686);
// EXTERNAL MODULE: ./src/action/run.ts + 12 modules
var run = __webpack_require__(94838);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: ./src/common/inert.ts
var inert = __webpack_require__(73437);
// EXTERNAL MODULE: ./src/common/stdio.ts
var stdio = __webpack_require__(30496);
;// CONCATENATED MODULE: ./src/action/runner-io.ts
/**
 * The Actions runner protocol (inputs, outputs, masks, annotations). `@actions/core`
 * as a whole imports its OIDC client and with it @actions/http-client and undici: about
 * 1 MB and ~65 ms of every start, which the matrix and error paths never use; and its
 * workflow commands write through process.stdout, whose creation for the runner's pipe
 * costs ~6 ms more. So commands are formatted here (the runner's escaping, below) and
 * written to the descriptor; only a multi-line output takes core's heredoc writer, by
 * path (the package's `exports` hide it; the lock file pins its version).
 */




/** An input as the runner passes it: INPUT_<NAME> (spaces as underscores, upper case), trimmed. */
function getInput(name) {
    return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}
/**
 * A one-line value goes in the runner's short form, `name=value` (split at the first
 * `=`; our names hold none). Only a multi-line one takes @actions/core's heredoc, whose
 * random delimiter loads node:crypto, ~5 ms of a start that every output so far avoids.
 */
async function setOutput(name, value) {
    const file = process.env.GITHUB_OUTPUT;
    if (!file)
        return issueCommand('set-output', { name }, value);
    if (!/[\r\n]/.test(value))
        return (0,external_node_fs_.appendFileSync)(file, `${name}=${value}${external_node_os_.EOL}`, { encoding: 'utf8' });
    const { issueFileCommand, prepareKeyValueMessage } = await __webpack_require__.e(/* import() */ 902).then(__webpack_require__.bind(__webpack_require__, 82902));
    issueFileCommand('OUTPUT', prepareKeyValueMessage(name, value));
}
/** Fails the step: exit code 1 and an error annotation. Execution goes on (the caller returns). */
function setFailed(message) {
    process.exitCode = 1;
    issueCommand('error', {}, message);
}
/** `::command key=value,…::message`, escaped as the runner unescapes it. */
function formatCommand(command, properties, message) {
    const props = Object.entries(properties)
        .filter(([, value]) => value !== '')
        .map(([key, value]) => `${key}=${escapeProperty(value)}`)
        .join(',');
    return `::${command}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}
/**
 * The runner's escaping, and one thing more: `##[` (the older command form, which the
 * runner looks for anywhere in a line it could not read as `::command::`) is broken as
 * `## [`, so a command's text never carries a second one, whatever the runner tries first.
 */
function escapeData(text) {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replaceAll('##[', '## [');
}
function escapeProperty(text) {
    return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
function issueCommand(command, properties, message) {
    (0,stdio/* writeStdout */.j)(formatCommand(command, properties, message) + external_node_os_.EOL);
}
const actionsLogger = {
    info: (message) => (0,stdio/* writeStdout */.j)((0,inert/* inert */.t)(message) + external_node_os_.EOL),
    warning: (message) => issueCommand('warning', {}, message),
    notice: (message) => issueCommand('notice', {}, message),
    debug: (message) => issueCommand('debug', {}, message),
    setSecret: (secret) => issueCommand('add-mask', {}, secret),
};

// EXTERNAL MODULE: ./src/common/markdown.ts
var markdown = __webpack_require__(83932);
;// CONCATENATED MODULE: ./src/action/main.ts
/** The GitHub Action entry: the only module that speaks the runner's protocol. */







async function main() {
    try {
        const inputs = (0,action_inputs/* readInputs */.Ko)((name) => getInput(name), true);
        const result = await (0,run/* run */.e)(inputs, {
            exec: actions_exec/* execProgram */.S,
            env: process.env,
            log: actionsLogger,
            idToken: github_oidc/* githubIdToken */.e,
        });
        for (const [name, value] of Object.entries(result.outputs))
            await setOutput(name, value);
        await (0,markdown/* writeStepSummary */.oG)(result.summary, process.env.GITHUB_STEP_SUMMARY, actionsLogger.warning);
        if (result.failure)
            setFailed(result.failure);
    }
    catch (error) {
        setFailed((0,errors/* errorMessage */.gJ)(error));
    }
}


/***/ })

};
