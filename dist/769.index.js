export const id = 769;
export const ids = [769];
export const modules = {

/***/ 36769:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   main: () => (/* binding */ main)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(33838);
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(71922);
/* harmony import */ var _common_exec_program_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(46869);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(81729);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(35208);
/* harmony import */ var _common_markdown_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(83932);
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
        const result = await (0,_run_js__WEBPACK_IMPORTED_MODULE_3__/* .run */ .e)(inputs, { exec: _common_exec_program_js__WEBPACK_IMPORTED_MODULE_5__/* .execProgram */ .S, env: process.env, log: actionsLogger });
        for (const [name, value] of Object.entries(result.outputs))
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(name, value);
        await (0,_common_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .writeStepSummary */ .oG)(result.summary, process.env.GITHUB_STEP_SUMMARY, _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e);
        if (result.failure)
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(result.failure);
    }
    catch (error) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1((0,_common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(error));
    }
}


/***/ })

};
