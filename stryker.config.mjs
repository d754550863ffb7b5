/**
 * Mutation testing (StrykerJS with its jest runner): each mutant of the source is run
 * against the unit suite only (no registry), and a mutant that no test kills is a
 * guarantee no test pins. `npm run mutate` runs it over the folders below; narrow it
 * with `npm run mutate -- --mutate 'src/records/**'`. Reports go to reports/mutation/.
 */
export default {
  testRunner: 'jest',
  // The project is ESM: jest runs under --experimental-vm-modules, as in `npm run test:unit`.
  testRunnerNodeArgs: ['--experimental-vm-modules'],
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    // Unit tests only: the integration suite needs a registry and takes minutes.
    config: { testPathIgnorePatterns: ['/node_modules/', '\\.itg\\.test\\.ts$'] },
    enableFindRelatedTests: true,
  },
  coverageAnalysis: 'perTest',
  // A static mutant (a module-level constant) runs every test: hours here. Left out, and so not counted.
  ignoreStatic: true,
  mutate: [
    'src/convergence/**/*.ts',
    'src/image-index/**/*.ts',
    'src/records/**/*.ts',
    'src/verify/**/*.ts',
    'src/registry/**/*.ts',
    'src/signing/**/*.ts',
    'src/append/**/*.ts',
    'src/matrix/**/*.ts',
  ],
  // Two cores are shared on the machines this runs on; raise it where there are more.
  concurrency: 2,
  timeoutMS: 10000,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
}
