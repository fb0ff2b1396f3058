// The layering rules of docs/architecture.md ("Layering"), checked by `npm run lint:deps` in `npm test`.
// Paths are relative to the repository root; type-only imports count like any other import.

/** AWS and Lambda packages: the edges, never the domain or the contract. */
const AWS_PACKAGES =
  '^node_modules/(@aws-sdk|@smithy|@aws-crypto|@aws-lambda-powertools|@middy|@types/aws-lambda|aws-cdk-lib|aws-cdk|constructs|cdk-nag)/';
/** The files that wire adapters into workflows: one handler.ts per function folder. */
const HANDLER = '^functions/[^/]+/handler\\.ts$';
/** The one adapter every layer may use. */
const LOGGER = '^functions/adapters/logger\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: split the shared part into its own module that both sides import.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      severity: 'error',
      comment:
        'Two folders that import each other (mail/ -> auth/ -> mail/) are one tangle: move the shared part ' +
        'to the folder both may import, so each folder depends one way.',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve cannot be checked by the other rules.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'domain-stands-alone',
      severity: 'error',
      comment: 'functions/domain/ is plain rules over plain data: it imports only the domain and the contract.',
      from: { path: '^functions/domain/' },
      to: { dependencyTypes: ['local'], pathNot: '^functions/(domain|contract)/' },
    },
    {
      name: 'contract-stands-alone',
      severity: 'error',
      comment: 'functions/contract/ is shared by lib/, the handlers and the web app: it imports only itself.',
      from: { path: '^functions/contract/' },
      to: { dependencyTypes: ['local'], pathNot: '^functions/contract/' },
    },
    {
      name: 'domain-and-contract-without-aws',
      severity: 'error',
      comment: 'No AWS SDK, Lambda or CDK package in the domain or the contract: those are the adapters\' business.',
      from: { path: '^functions/(domain|contract)/' },
      to: { path: AWS_PACKAGES },
    },
    {
      name: 'adapters-only-from-handlers',
      severity: 'error',
      comment:
        'Workflows, routes, mail and auth take their adapters from the handler that wires them (functions/*/handler.ts); ' +
        'import the port from functions/domain instead. The logger is the one exception.',
      from: { path: '^functions/', pathNot: [HANDLER, '^functions/adapters/'] },
      to: { path: '^functions/adapters/', pathNot: LOGGER },
    },
    {
      name: 'lib-only-lib-and-contract',
      severity: 'error',
      comment: 'lib/ (infrastructure) reads only the contract from functions/, so the stack never bundles a handler\'s code.',
      from: { path: '^lib/' },
      to: { dependencyTypes: ['local'], pathNot: '^(lib|functions/contract)/' },
    },
    {
      name: 'local-stands-alone',
      severity: 'error',
      comment: 'local/ runs the synthesized template and bundles, like AWS does: it imports nothing from functions/ or lib/.',
      from: { path: '^local/' },
      to: { path: '^(functions|lib)/' },
    },
    {
      name: 'web-only-web-and-contract',
      severity: 'error',
      comment: 'The web app is a browser bundle: it imports web/ and, for types, functions/contract/.',
      from: { path: '^web/' },
      to: { dependencyTypes: ['local'], pathNot: '^(web|functions/contract)/' },
    },
    {
      name: 'web-contract-types-only',
      severity: 'error',
      comment: 'The web app takes only types from the contract (import type), so no server code lands in the bundle.',
      from: { path: '^web/' },
      to: { path: '^functions/contract/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(cdk\\.out|\\.samskab|web/dist)/' },
    // Type-only imports are dependencies too (a cycle of types is still a cycle).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.mts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
