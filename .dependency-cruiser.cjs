// The layering rules of docs/architecture.md ("Layering"), checked by `npm run lint:deps` in `npm test`.
// Paths are relative to the repository root; type-only imports count like any other import.

/** AWS and Lambda packages: the edges, never the domain or the contract. */
const AWS_PACKAGES =
  '^node_modules/(@aws-sdk|@smithy|@aws-crypto|@aws-lambda-powertools|@middy|@types/aws-lambda|aws-cdk-lib|aws-cdk|constructs|cdk-nag)/';
/** The files that wire adapters into workflows: one handler.ts per function folder. */
const HANDLER = '^functions/[^/]+/handler\\.ts$';
/** The one adapter every layer may use. */
const LOGGER = '^functions/adapters/logger\\.ts$';

/** One rule: `from` may not import `to`. */
const forbid = (name, comment, from, to, extra = {}) => ({ name, severity: 'error', comment, from, to, ...extra });
/** Files under `from` import no local module outside `allowed` (npm packages and node: are other rules' business). */
const onlyImports = (name, comment, from, allowed) => forbid(name, comment, { path: from }, { dependencyTypes: ['local'], pathNot: allowed });

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    forbid('no-circular', 'An import cycle: split the shared part into its own module that both sides import.', {}, { circular: true }),
    forbid(
      'no-circular-folders',
      'Two folders that import each other (mail/ -> auth/ -> mail/) are one tangle: move the shared part ' +
        'to the folder both may import, so each folder depends one way.',
      {},
      { circular: true },
      { scope: 'folder' },
    ),
    forbid('not-to-unresolvable', 'An import that does not resolve cannot be checked by the other rules.', {}, { couldNotResolve: true }),
    onlyImports(
      'domain-stands-alone',
      'functions/domain/ is plain rules over plain data: it imports only the domain and the contract.',
      '^functions/domain/',
      '^functions/(domain|contract)/',
    ),
    onlyImports(
      'contract-stands-alone',
      'functions/contract/ is shared by lib/, the handlers and the web app: it imports only itself.',
      '^functions/contract/',
      '^functions/contract/',
    ),
    forbid(
      'domain-and-contract-without-aws',
      "No AWS SDK, Lambda or CDK package in the domain or the contract: those are the adapters' business.",
      { path: '^functions/(domain|contract)/' },
      { path: AWS_PACKAGES },
    ),
    forbid(
      'adapters-only-from-handlers',
      'Workflows, routes, mail and auth take their adapters from the handler that wires them (functions/*/handler.ts); ' +
        'import the port from functions/domain instead. The logger is the one exception.',
      { path: '^functions/', pathNot: [HANDLER, '^functions/adapters/'] },
      { path: '^functions/adapters/', pathNot: LOGGER },
    ),
    onlyImports(
      'lib-only-lib-and-contract',
      "lib/ (infrastructure) reads only the contract from functions/, so the stack never bundles a handler's code.",
      '^lib/',
      '^(lib|functions/contract)/',
    ),
    forbid(
      'local-stands-alone',
      'local/ runs the synthesized template and bundles, like AWS does: it imports nothing from functions/ or lib/.',
      { path: '^local/' },
      { path: '^(functions|lib)/' },
    ),
    onlyImports(
      'web-only-web-and-contract',
      'The web app is a browser bundle: it imports web/ and, for types, functions/contract/.',
      '^web/',
      '^(web|functions/contract)/',
    ),
    forbid(
      'web-contract-types-only',
      'The web app takes only types from the contract (import type), so no server code lands in the bundle. ' +
        'The exception, return-path.ts, imports nothing: the app and the api apply its one rule for where sign-in may return.',
      { path: '^web/' },
      { path: '^functions/contract/', pathNot: '^functions/contract/return-path\\.ts$', dependencyTypesNot: ['type-only'] },
    ),
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
