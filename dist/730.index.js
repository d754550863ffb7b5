export const id = 730;
export const ids = [730];
export const modules = {

/***/ 41730:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   main: () => (/* binding */ main)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(33838);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _exec_program_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(79359);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(38422);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(68946);
/* harmony import */ var _summary_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(28855);
/** The GitHub Action entry: the only module that touches @actions/core. */






const actionsLogger = {
    info: (m) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(m),
    warning: (m) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(m),
    debug: (m) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(m),
    setSecret: (s) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(s),
};
async function main() {
    try {
        const inputs = (0,_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .readInputs */ .Ko)((name) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4(name), true);
        const result = await (0,_run_js__WEBPACK_IMPORTED_MODULE_3__/* .run */ .e)(inputs, { exec: _exec_program_js__WEBPACK_IMPORTED_MODULE_5__/* .execProgram */ .S, env: process.env, log: actionsLogger });
        for (const [name, value] of Object.entries(result.outputs))
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(name, value);
        await (0,_summary_js__WEBPACK_IMPORTED_MODULE_4__/* .writeStepSummary */ .oG)(result.summary, process.env.GITHUB_STEP_SUMMARY, _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e);
        if (result.failure)
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(result.failure);
    }
    catch (error) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1((0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(error));
    }
}


/***/ })

};
