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
// EXTERNAL MODULE: ./src/common/exec-program.ts
var exec_program = __webpack_require__(46869);
// EXTERNAL MODULE: ./src/action/inputs.ts
var action_inputs = __webpack_require__(81729);
// EXTERNAL MODULE: ./src/action/run.ts + 8 modules
var run = __webpack_require__(7384);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/command.js
var command = __webpack_require__(89635);
;// CONCATENATED MODULE: ./src/action/runner-io.ts
/**
 * The Actions runner protocol (inputs, outputs, masks, annotations), through the two
 * small modules of @actions/core that implement it. `@actions/core` as a whole also
 * imports its OIDC client and with it @actions/http-client and undici: about 1 MB and
 * ~65 ms of every start, which the matrix and error paths never use. The package's
 * `exports` hide these modules (and Node refuses an `imports` target inside
 * node_modules), so they are imported by path; the lock file pins their version.
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
        return (0,command/* issueCommand */.L)('set-output', { name }, value);
    if (!/[\r\n]/.test(value))
        return (0,external_node_fs_.appendFileSync)(file, `${name}=${value}${external_node_os_.EOL}`, { encoding: 'utf8' });
    const { issueFileCommand, prepareKeyValueMessage } = await __webpack_require__.e(/* import() */ 902).then(__webpack_require__.bind(__webpack_require__, 82902));
    issueFileCommand('OUTPUT', prepareKeyValueMessage(name, value));
}
/** Fails the step: exit code 1 and an error annotation. Execution goes on (the caller returns). */
function setFailed(message) {
    process.exitCode = 1;
    (0,command/* issueCommand */.L)('error', {}, message);
}
const actionsLogger = {
    info: (message) => process.stdout.write(message + '\n'),
    warning: (message) => (0,command/* issueCommand */.L)('warning', {}, message),
    debug: (message) => (0,command/* issueCommand */.L)('debug', {}, message),
    setSecret: (secret) => (0,command/* issueCommand */.L)('add-mask', {}, secret),
};

// EXTERNAL MODULE: ./src/common/markdown.ts
var markdown = __webpack_require__(83932);
;// CONCATENATED MODULE: ./src/action/main.ts
/** The GitHub Action entry: the only module that speaks the runner's protocol. */






async function main() {
    try {
        const inputs = (0,action_inputs/* readInputs */.Ko)((name) => getInput(name), true);
        const result = await (0,run/* run */.e)(inputs, { exec: exec_program/* execProgram */.S, env: process.env, log: actionsLogger });
        for (const [name, value] of Object.entries(result.outputs))
            await setOutput(name, value);
        await (0,markdown/* writeStepSummary */.oG)(result.summary, process.env.GITHUB_STEP_SUMMARY, actionsLogger.warning);
        if (result.failure)
            setFailed(result.failure);
    }
    catch (error) {
        setFailed((0,errors/* errorMessage */.g)(error));
    }
}


/***/ }),

/***/ 89635:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ issueCommand)
/* harmony export */ });
/* unused harmony export issue */
/* harmony import */ var os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(70857);
/* harmony import */ var _utils_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4679);


/**
 * Issues a command to the GitHub Actions runner
 *
 * @param command - The command name to issue
 * @param properties - Additional properties for the command (key-value pairs)
 * @param message - The message to include with the command
 * @remarks
 * This function outputs a specially formatted string to stdout that the Actions
 * runner interprets as a command. These commands can control workflow behavior,
 * set outputs, create annotations, mask values, and more.
 *
 * Command Format:
 *   ::name key=value,key=value::message
 *
 * @example
 * ```typescript
 * // Issue a warning annotation
 * issueCommand('warning', {}, 'This is a warning message');
 * // Output: ::warning::This is a warning message
 *
 * // Set an environment variable
 * issueCommand('set-env', { name: 'MY_VAR' }, 'some value');
 * // Output: ::set-env name=MY_VAR::some value
 *
 * // Add a secret mask
 * issueCommand('add-mask', {}, 'secretValue123');
 * // Output: ::add-mask::secretValue123
 * ```
 *
 * @internal
 * This is an internal utility function that powers the public API functions
 * such as setSecret, warning, error, and exportVariable.
 */
function issueCommand(command, properties, message) {
    const cmd = new Command(command, properties, message);
    process.stdout.write(cmd.toString() + os__WEBPACK_IMPORTED_MODULE_0__.EOL);
}
function issue(name, message = '') {
    issueCommand(name, {}, message);
}
const CMD_STRING = '::';
class Command {
    constructor(command, properties, message) {
        if (!command) {
            command = 'missing.command';
        }
        this.command = command;
        this.properties = properties;
        this.message = message;
    }
    toString() {
        let cmdStr = CMD_STRING + this.command;
        if (this.properties && Object.keys(this.properties).length > 0) {
            cmdStr += ' ';
            let first = true;
            for (const key in this.properties) {
                if (this.properties.hasOwnProperty(key)) {
                    const val = this.properties[key];
                    if (val) {
                        if (first) {
                            first = false;
                        }
                        else {
                            cmdStr += ',';
                        }
                        cmdStr += `${key}=${escapeProperty(val)}`;
                    }
                }
            }
        }
        cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
        return cmdStr;
    }
}
function escapeData(s) {
    return (0,_utils_js__WEBPACK_IMPORTED_MODULE_1__/* .toCommandValue */ .E)(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A');
}
function escapeProperty(s) {
    return (0,_utils_js__WEBPACK_IMPORTED_MODULE_1__/* .toCommandValue */ .E)(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A')
        .replace(/:/g, '%3A')
        .replace(/,/g, '%2C');
}
//# sourceMappingURL=command.js.map

/***/ }),

/***/ 4679:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ toCommandValue),
/* harmony export */   k: () => (/* binding */ toCommandProperties)
/* harmony export */ });
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Sanitizes an input into a string so it can be passed into issueCommand safely
 * @param input input to sanitize into a string
 */
function toCommandValue(input) {
    if (input === null || input === undefined) {
        return '';
    }
    else if (typeof input === 'string' || input instanceof String) {
        return input;
    }
    return JSON.stringify(input);
}
/**
 *
 * @param annotationProperties
 * @returns The command properties to send with the actual annotation command
 * See IssueCommandProperties: https://github.com/actions/runner/blob/main/src/Runner.Worker/ActionCommandManager.cs#L646
 */
function toCommandProperties(annotationProperties) {
    if (!Object.keys(annotationProperties).length) {
        return {};
    }
    return {
        title: annotationProperties.title,
        file: annotationProperties.file,
        line: annotationProperties.startLine,
        endLine: annotationProperties.endLine,
        col: annotationProperties.startColumn,
        endColumn: annotationProperties.endColumn
    };
}
//# sourceMappingURL=utils.js.map

/***/ })

};
