import { Node, SyntaxKind, type CallExpression, type SourceFile } from 'ts-morph';
import { appendListElements } from '../../../edit/typescript-arrays';
import { ensureNamedImport, ensureNamespaceImport } from '../../../edit/typescript-imports';
import { lineEndAt } from '../../../edit/text-edit';
import { inStyle, styleOf, type TypeScriptStyle } from '../../../edit/typescript-style';
import { replayBundleFile } from '../../../utils/browser-bundle';
import { takeEagerReplay } from './eager-replay';
import { integrationsArray } from './init-integrations';

/** Sentry.init options read from the environment file; `release` from the meta tag the sentry-sourcemaps target stamps. */
const initProperties = (alias: string): [string, string][] => [
  ['dsn', 'environment.sentry.dsn'],
  ['environment', 'environment.sentry.environment'],
  ['release', `document.querySelector<HTMLMetaElement>('meta[name="sentry-release"]')?.content || undefined`],
  ['integrations', `[${alias}.browserTracingIntegration()]`],
  ['tracesSampleRate', 'environment.sentry.tracesSampleRate'],
  ['tracePropagationTargets', 'environment.sentry.tracePropagationTargets'],
  ['replaysSessionSampleRate', 'environment.sentry.replaysSessionSampleRate'],
  ['replaysOnErrorSampleRate', 'environment.sentry.replaysOnErrorSampleRate'],
];

/** The replay module beside main.ts: the entry of the bundle the sentry-replay target builds. */
export const replayModuleName = 'sentry-replay';

export const replayModuleSource = (sdk: string) =>
  `// Entry of the session replay bundle: the sentry-replay target builds it apart from the app and main.ts\n// imports the result after the page load, so replay is never part of the initial download.\nexport { replayIntegration } from '${sdk}';\n`;

/** Tells webpack and Vite to leave a dynamic import to the browser instead of resolving it at build time. */
const bundlerIgnore = '/* webpackIgnore: true */ /* @vite-ignore */';

/**
 * Attaches replay once the page has loaded (at once when main.ts runs later than that), from the bundle the
 * build copies beside index.html — only when the SDK sends: without a DSN replay would record into its buffer
 * for nothing. `getClient().getDsn()` exists in SDK 7.x and later, as does `addIntegration`.
 */
const replayLoader = (alias: string, replayArguments: string[]) => `
// Session replay comes after the page load from this app's own origin (no CDN), bundled apart by the
// sentry-replay target; the SDK version in the URL keeps browsers from mixing a cached bundle with a newer SDK.
// The comments keep webpack and Vite from resolving the URL at build time: it is a file the browser fetches.
const loadSentryReplay = () => {
  const client = ${alias}.getClient();
  if (!client?.getDsn() || client.getOptions().enabled === false) return;
  const replayBundle = new URL(\`${replayBundleFile}?v=\${${alias}.SDK_VERSION}\`, document.baseURI).href;
  import(${bundlerIgnore} replayBundle).then(
    ({ replayIntegration }: { replayIntegration: typeof ${alias}.replayIntegration }) =>
      ${alias}.addIntegration(replayIntegration(${replayArguments.join(', ')})),
    (error: unknown) => console.warn('Sentry session replay is not available:', error),
  );
};
if (document.readyState === 'complete') loadSentryReplay();
else window.addEventListener('load', loadSentryReplay, { once: true });
`;

/**
 * Inserts a statement after the line `node` ends on (and any comment there), one blank line apart; the blank
 * lines that followed stay, so the file gains none elsewhere and loses none.
 */
function insertAfterLine(file: SourceFile, node: Node, statement: string): void {
  file.insertText(lineEndAt(file.getFullText(), node.getEnd()), `\n\n${statement}`);
}

/** Existing `Sentry.init(…)` / `init(…)` calls of the SDK in this file. */
function initCalls(file: SourceFile, sdk: string, alias: string): CallExpression[] {
  const namedInit = file
    .getImportDeclarations()
    .filter((declaration) => declaration.getModuleSpecifierValue() === sdk)
    .flatMap((declaration) => declaration.getNamedImports())
    .find((named) => named.getName() === 'init');
  const localInit = namedInit?.getAliasNode()?.getText() ?? namedInit?.getName();
  return file.getDescendantsOfKind(SyntaxKind.CallExpression).filter((call) => {
    const callee = call.getExpression().getText();
    return callee === `${alias}.init` || (localInit !== undefined && callee === localInit);
  });
}

/**
 * `Sentry.init` in the browser entry, right after the imports, so it runs before any bootstrap (also one
 * that waits for a fetched configuration). An existing init is completed, never duplicated: only missing
 * options are added. Session replay is attached after the page load from the replay bundle, with the options
 * of an eager replay the init had.
 */
export function addSentryInit(file: SourceFile, sdk: string, environmentSpecifier: string): void {
  const style = styleOf(file);
  const alias = ensureNamespaceImport(file, sdk, 'Sentry');
  const usesEnvironment = file
    .getImportDeclarations()
    .some((declaration) => declaration.getNamedImports().some((named) => named.getName() === 'environment'));
  if (!usesEnvironment) ensureNamedImport(file, environmentSpecifier, 'environment');

  const [existing] = initCalls(file, sdk, alias);
  if (!existing) {
    const init = `${alias}.init({\n${initProperties(alias)
      .map(([name, value]) => `  ${name}: ${value},`)
      .join('\n')}\n});`;
    const lastImport = file.getImportDeclarations().at(-1);
    if (lastImport) insertAfterLine(file, lastImport, inStyle(init, style));
    else file.insertText(0, `${inStyle(init, style)}\n\n`);
  } else {
    const options = existing.getArguments()[0];
    if (options && Node.isObjectLiteralExpression(options)) {
      for (const [name, value] of initProperties(alias))
        if (!options.getProperty(name)) options.addPropertyAssignment({ name, initializer: value });
      const list = integrationsArray(options);
      if (list && !list.getText().includes('browserTracingIntegration'))
        appendListElements(list, [`${alias}.browserTracingIntegration()`]);
    }
  }

  // A replay of the user's own (loaded some other way) is left alone; an eager one moves to the loader.
  const [init] = initCalls(file, sdk, alias);
  const eagerReplay = takeEagerReplay(init, file, sdk, alias);
  if (eagerReplay || !file.getText().includes('replayIntegration')) {
    const statement = init.getFirstAncestorByKindOrThrow(SyntaxKind.ExpressionStatement);
    insertAfterLine(file, statement, inStyle(replayLoader(alias, eagerReplay ?? []).trim(), style));
  } else replaceEarlierLoader(file, alias, style);
}

/**
 * A loader an earlier version wrote (`window.addEventListener('load', () => { const replayBundle = … })`) is
 * replaced by today's, keeping its replay options: it lacked the bundler comments (webpack compiled its import
 * into a failing stub), the DSN check and the already-loaded case.
 */
function replaceEarlierLoader(file: SourceFile, alias: string, style: TypeScriptStyle): void {
  const earlier = file.getStatements().find((statement) => {
    const text = statement.getText();
    return (
      text.startsWith("window.addEventListener('load'") && text.includes('const replayBundle = new URL(')
    );
  });
  if (!earlier) return;
  const replayCall = earlier
    .getDescendantsOfKind(SyntaxKind.CallExpression)
    .find((call) => call.getExpression().getText() === 'replayIntegration');
  const replayArguments = replayCall?.getArguments().map((argument) => argument.getText()) ?? [];
  // Its comment lines go with it: today's loader brings its own.
  const start = earlier.getLeadingCommentRanges()[0]?.getPos() ?? earlier.getStart();
  file.replaceText([start, earlier.getEnd()], inStyle(replayLoader(alias, replayArguments).trim(), style));
}
