export const id = 341;
export const ids = [341];
export const modules = {

/***/ 38341:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   openSigstore: () => (/* binding */ openSigstore)
/* harmony export */ });
/* unused harmony export SigstoreError */
/* harmony import */ var _common_fs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(49150);
/* harmony import */ var _sigstore_bundle__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(61040);
/* harmony import */ var _sigstore_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(83917);
/* harmony import */ var _sigstore_core__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(_sigstore_core__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(19654);
/* harmony import */ var _sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(_sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _sigstore_sign__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(15179);
/* harmony import */ var _sigstore_tuf__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(84423);
/* harmony import */ var _sigstore_verify__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(54187);
/* harmony import */ var _artifact_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(91705);
/**
 * The Sigstore libraries behind two calls: sign a statement (a Fulcio certificate, a
 * DSSE bundle v0.3, witnessed by Rekor or a timestamp authority) and verify a bundle as
 * a consumer does. Loaded lazily, only when `sign` is on: it is most of the bundle's
 * weight. The libraries fetch through make-fetch-happen, which reads the proxy variables.
 */








/** Fulcio's GitHub Workflow Repository extension (raw text), what cosign's --certificate-github-workflow-repository checks. */
const GITHUB_WORKFLOW_REPOSITORY_OID = '1.3.6.1.4.1.57264.1.5';
/** Each Sigstore request's bound, and its retries (the service calls are idempotent). */
const FETCH = { timeout: 30_000, retry: { retries: 2, factor: 2, minTimeout: 1_000 } };
class SigstoreError extends Error {
    name = 'SigstoreError';
}
async function openSigstore(services, token) {
    const trust = await trustMaterial(services.trustedRoot, services.rekor);
    const witnesses = services.rekor
        ? [new _sigstore_sign__WEBPACK_IMPORTED_MODULE_4__/* .RekorWitness */ .fU({ rekorBaseURL: services.rekorUrl, entryType: 'dsse', ...FETCH })]
        : [new _sigstore_sign__WEBPACK_IMPORTED_MODULE_4__/* .TSAWitness */ .gs({ tsaBaseURL: services.tsaUrl, ...FETCH })];
    const builder = new _sigstore_sign__WEBPACK_IMPORTED_MODULE_4__/* .DSSEBundleBuilder */ .VV({
        signer: new _sigstore_sign__WEBPACK_IMPORTED_MODULE_4__/* .FulcioSigner */ .$o({ fulcioBaseURL: services.fulcioUrl, identityProvider: { getToken: token }, ...FETCH }),
        witnesses,
    });
    const verifier = new _sigstore_verify__WEBPACK_IMPORTED_MODULE_6__/* .Verifier */ .BL(trust, {
        tlogThreshold: services.rekor ? 1 : 0,
        ctlogThreshold: 1,
        timestampThreshold: 1,
    });
    return {
        async sign(statement) {
            const bundle = await builder.create({ data: statement, type: _artifact_js__WEBPACK_IMPORTED_MODULE_7__/* .IN_TOTO_PAYLOAD_TYPE */ .T4 });
            return Buffer.from(JSON.stringify((0,_sigstore_bundle__WEBPACK_IMPORTED_MODULE_1__.bundleToJSON)(bundle)));
        },
        verify(bytes, digest, policy) {
            const bundle = (0,_sigstore_bundle__WEBPACK_IMPORTED_MODULE_1__.bundleFromJSON)(JSON.parse(bytes.toString('utf8')));
            if (bundle.mediaType !== _sigstore_bundle__WEBPACK_IMPORTED_MODULE_1__.BUNDLE_V03_MEDIA_TYPE || !(0,_sigstore_bundle__WEBPACK_IMPORTED_MODULE_1__.isBundleWithDsseEnvelope)(bundle))
                throw new SigstoreError(`not a DSSE bundle v0.3 (${bundle.mediaType})`);
            const envelope = bundle.content.dsseEnvelope;
            if (envelope.payloadType !== _artifact_js__WEBPACK_IMPORTED_MODULE_7__/* .IN_TOTO_PAYLOAD_TYPE */ .T4 || (0,_artifact_js__WEBPACK_IMPORTED_MODULE_7__/* .statementSubject */ .IQ)(envelope.payload) !== digest)
                throw new SigstoreError(`its statement is not cosign's signature of ${digest}`);
            const timestamps = bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps ?? [];
            if (!services.rekor && timestamps.length === 0)
                throw new SigstoreError('it carries no signed timestamp');
            const signer = verifier.verify((0,_sigstore_verify__WEBPACK_IMPORTED_MODULE_6__/* .toSignedEntity */ .DC)(bundle), {
                ...(policy.identity && { subjectAlternativeName: policy.identity }),
                ...(policy.issuer && { extensions: { issuer: policy.issuer } }),
            });
            const identity = signer.identity?.subjectAlternativeName;
            const issuer = signer.identity?.extensions?.issuer;
            if (!identity || !issuer)
                throw new SigstoreError('its certificate names no identity or no issuer');
            const repository = workflowRepository(bundle.verificationMaterial.content);
            if (policy.repository !== undefined && repository !== policy.repository)
                throw new SigstoreError(`its certificate names the repository ${repository ?? '(none)'}, not ${policy.repository}`);
            return { identity, issuer, ...(repository && { repository }) };
        },
    };
}
function workflowRepository(content) {
    if (content.$case !== 'certificate' || !content.certificate)
        return undefined;
    const value = _sigstore_core__WEBPACK_IMPORTED_MODULE_2__.X509Certificate.parse(Buffer.from(content.certificate.rawBytes)).extension(GITHUB_WORKFLOW_REPOSITORY_OID)?.value;
    return value?.toString('utf8');
}
/** The trust root, refused when it cannot check what this signer makes. */
async function trustMaterial(path, rekor) {
    const trust = (0,_sigstore_verify__WEBPACK_IMPORTED_MODULE_6__/* .toTrustMaterial */ .jO)(path ? _sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_3__.TrustedRoot.fromJSON(await readJson(path)) : await (0,_sigstore_tuf__WEBPACK_IMPORTED_MODULE_5__.getTrustedRoot)(FETCH));
    const where = path ?? 'the public-good trusted root';
    const lacks = [
        trust.certificateAuthorities.length === 0 && 'certificate authorities',
        trust.ctlogs.length === 0 && 'certificate transparency logs',
        rekor && trust.tlogs.length === 0 && 'transparency logs',
        !rekor && trust.timestampAuthorities.length === 0 && 'timestamp authorities',
    ].filter(Boolean);
    if (lacks.length > 0)
        throw new SigstoreError(`${where} names no ${lacks.join(', ')}: it cannot check these signatures`);
    return trust;
}
async function readJson(path) {
    try {
        return JSON.parse(await (0,_common_fs_js__WEBPACK_IMPORTED_MODULE_0__/* .readFile */ .TA)(path, 'utf8'));
    }
    catch (error) {
        throw new SigstoreError(`cannot read the trusted root ${path}: ${error.message}`);
    }
}


/***/ })

};
