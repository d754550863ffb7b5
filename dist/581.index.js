export const id = 581;
export const ids = [581];
export const modules = {

/***/ 95581:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cli: () => (/* binding */ cli),
/* harmony export */   parseArgs: () => (/* binding */ parseArgs)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _exec_program_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(79359);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(38422);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(68946);
/* harmony import */ var _summary_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(28855);
/**
 * `bake-fanout matrix|append|verify --files … --targets …`: the same code outside
 * Actions. Flags are named like the inputs; a repeated flag adds a line. Outputs are
 * printed as one JSON object on stdout, logs go to stderr.
 */





const BOOLEAN_FLAGS = new Set(['dry-run', 'prune']);
const USAGE = `usage: bake-fanout <matrix|append|verify> [--flag value]...
flags: ${_inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT_NAMES */ .Qh.filter((n) => n !== 'mode')
    .map((n) => `--${n}`)
    .join(' ')}`;
const stderrLogger = {
    info: (m) => process.stderr.write(m + '\n'),
    warning: (m) => process.stderr.write(`warning: ${m}\n`),
    debug: (m) => {
        if (process.env.BAKE_FANOUT_DEBUG)
            process.stderr.write(`debug: ${m}\n`);
    },
    setSecret: () => { },
};
/** Parses argv into input values; throws with usage on anything unknown. */
function parseArgs(argv) {
    const values = new Map();
    const [mode, ...rest] = argv;
    if (!mode || mode.startsWith('-'))
        throw new Error(USAGE);
    values.set('mode', mode);
    for (let i = 0; i < rest.length; i++) {
        const arg = rest[i];
        if (!arg.startsWith('--'))
            throw new Error(`unexpected argument '${arg}'\n${USAGE}`);
        const eq = arg.indexOf('=');
        const name = (eq >= 0 ? arg.slice(2, eq) : arg.slice(2));
        if (!_inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT_NAMES */ .Qh.includes(name) || name === 'mode') {
            throw new Error(`unknown flag '--${name}'\n${USAGE}`);
        }
        let value;
        if (eq >= 0)
            value = arg.slice(eq + 1);
        else if (BOOLEAN_FLAGS.has(name) && (rest[i + 1] === undefined || rest[i + 1].startsWith('--')))
            value = 'true';
        else if (rest[i + 1] !== undefined)
            value = rest[++i];
        else
            throw new Error(`flag '--${name}' needs a value`);
        values.set(name, values.has(name) ? `${values.get(name)}\n${value}` : value);
    }
    return values;
}
async function cli(argv) {
    try {
        if (argv[0] === '--help' || argv[0] === '-h') {
            process.stdout.write(USAGE + '\n');
            return;
        }
        const values = parseArgs(argv);
        const insideActions = process.env.GITHUB_ACTIONS === 'true';
        const inputs = (0,_inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .readInputs */ .Ko)((name) => values.get(name) ?? '', insideActions);
        const result = await (0,_run_js__WEBPACK_IMPORTED_MODULE_2__/* .run */ .e)(inputs, { exec: _exec_program_js__WEBPACK_IMPORTED_MODULE_4__/* .execProgram */ .S, env: process.env, log: stderrLogger });
        process.stdout.write(JSON.stringify(result.outputs, null, 2) + '\n');
        await (0,_summary_js__WEBPACK_IMPORTED_MODULE_3__/* .writeStepSummary */ .oG)(result.summary, process.env.GITHUB_STEP_SUMMARY, stderrLogger.warning);
        if (result.failure) {
            process.stderr.write(`error: ${result.failure}\n`);
            process.exitCode = 1;
        }
    }
    catch (error) {
        process.stderr.write(`error: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .g)(error)}\n`);
        process.exitCode = 1;
    }
}


/***/ })

};
