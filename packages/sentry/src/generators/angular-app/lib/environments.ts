import { joinPathFragments, logger, readProjectConfiguration, type Tree } from '@nx/devkit';
import {
  Node,
  SyntaxKind,
  type InterfaceDeclaration,
  type ObjectLiteralExpression,
  type SourceFile,
  type TypeElementTypes,
  type TypeLiteralNode,
} from 'ts-morph';
import type { TypeScriptFiles } from '../../../edit/typescript-files';
import { appendListElements } from '../../../edit/typescript-arrays';
import { toTypeScriptLiteral } from '../../../edit/typescript-literal';
import { lineEndAt, lineIndentAt } from '../../../edit/text-edit';
import { inStyle, styleOf } from '../../../edit/typescript-style';
import type { AngularApp } from './angular-app';
import type { EnvironmentFile, EnvironmentFiles, FileReplacement } from './environment-files';
import type { SentryBrowserSettings } from './normalize-options';
import { writeProjectConfiguration } from '../../../utils/project-configuration';

/**
 * Creates the environment files the app lacks, with the production replacement: the seed's environment.prod.ts
 * carries the Sentry settings.
 */
export function ensureEnvironmentFiles(
  tree: Tree,
  files: TypeScriptFiles,
  app: AngularApp,
  environments: EnvironmentFiles,
): void {
  if (!environments.missing) return;
  const { base, production } = environments;
  if (!files.exists(base)) files.create(base, 'export const environment = {};\n');
  if (!files.exists(production)) files.create(production, 'export const environment = {};\n');
  const project = readProjectConfiguration(tree, app.name);
  const build = project.targets?.['build'];
  if (!build) return;
  build.configurations ??= {};
  const configuration = (build.configurations['production'] ??= {}) as {
    fileReplacements?: FileReplacement[];
  };
  configuration.fileReplacements = [
    ...(configuration.fileReplacements ?? []),
    { replace: base, with: production },
  ];
  writeProjectConfiguration(tree, app.name, project);
}

function environmentObject(file: SourceFile): ObjectLiteralExpression | undefined {
  const initializer = file.getVariableDeclaration('environment')?.getInitializer();
  if (!initializer) return undefined;
  const object =
    Node.isAsExpression(initializer) || Node.isSatisfiesExpression(initializer)
      ? initializer.getExpression()
      : initializer;
  return Node.isObjectLiteralExpression(object) ? object : undefined;
}

/**
 * Does a property name the base URL of the app's own API? Its first word is `api` or `backend` (apiUrl,
 * apiBaseUrl, API_URL, api, backendUrl), or it is the generic basePath / baseUrl — `basePath` is what OpenAPI
 * Generator's typescript-angular clients take (OpenAPITools/openapi-generator v7.10.0,
 * modules/openapi-generator/src/main/resources/typescript-angular/configuration.mustache). A third party's API
 * (mapboxApiUrl) is not one: trace headers to another site cost a CORS preflight it may refuse.
 */
function isApiName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s_-]+/);
  return ['api', 'backend'].includes(words[0]) || (words[0] === 'base' && ['path', 'url'].includes(words[1]));
}

/** A URL the API is reached at: absolute http(s), or a path on the app's own origin. */
const absoluteUrl = /^https?:\/\/[^\s/]+/i;
const rootPath = /^\/(?!\/)\S*$/;

/**
 * The API bases an environment names: top-level string properties with an API name whose value is an absolute
 * URL or a root path. Decided on the syntax tree, so nothing else of the file is taken for one.
 */
export function apiBases(file: SourceFile): string[] {
  const object = environmentObject(file);
  if (!object) return [];
  return object.getProperties().flatMap((property) => {
    if (!Node.isPropertyAssignment(property)) return [];
    const name = property.getNameNode();
    if (!isApiName(Node.isStringLiteral(name) ? name.getLiteralValue() : name.getText())) return [];
    const value = property.getInitializer();
    if (!value || !(Node.isStringLiteral(value) || Node.isNoSubstitutionTemplateLiteral(value))) return [];
    const text = value.getLiteralValue();
    return absoluteUrl.test(text) || rootPath.test(text) ? [text] : [];
  });
}

/** The RegExp of a path prefix: `/api/` gives `/^\/api\//` (every character of the path matched literally). */
function pathPattern(path: string): RegExp {
  const escaped = path.replace(/[.*+?^${}()|[\]\\/]/g, (character) => `\\${character}`);
  return new RegExp(`^${escaped}`);
}

/**
 * What tracePropagationTargets holds. @sentry/browser matches each target against the request's full URL and,
 * for a request to the page's own origin, against its path as well (getsentry/sentry-javascript 11.0.0,
 * packages/browser/src/tracing/request.ts, shouldAttachHeaders); a string matches anywhere in the URL.
 * - A path becomes a pattern anchored at the start: it can only match the path of a same-origin request, where
 *   the bare string `/api/` would also send the trace (and a CORS preflight) to any site with /api/ in its URL.
 * - An absolute API base found in an environment gives its origin; a URL the user passed stays as given.
 * - Nothing at all gives `/^\//`, every same-origin path: the SDK's own default when the option is unset,
 *   which an empty list would switch off.
 */
export function propagationTargetsFor(bases: string[], fromUser: boolean): (string | RegExp)[] {
  if (!bases.length) return [/^\//];
  const targets = bases.map((base) =>
    rootPath.test(base) ? pathPattern(base) : fromUser ? base : new URL(base).origin,
  );
  return targets.filter(
    (target, index) => targets.findIndex((other) => String(other) === String(target)) === index,
  );
}

/** The `sentry` member of an environment type, from column 0 in two spaces. */
const sentryMember = `sentry: {
  dsn: string;
  environment: string;
  tracesSampleRate: number;
  tracePropagationTargets: (string | RegExp)[];
  replaysSessionSampleRate: number;
  replaysOnErrorSampleRate: number;
};`;

/**
 * Adds the `sentry` member after the last member's line, indented like it, in the file's style: ts-morph's
 * `addProperty` indents the lines of a multi-line type twice.
 */
function addSentryMember(
  members: TypeElementTypes[],
  container: InterfaceDeclaration | TypeLiteralNode,
): void {
  const last = members.at(-1);
  if (!last) {
    container.addProperty({ name: 'sentry', type: sentryMember.slice('sentry: '.length, -1) });
    return;
  }
  const file = container.getSourceFile();
  const text = file.getFullText();
  const indent = lineIndentAt(text, last.getStart());
  const member = inStyle(sentryMember, styleOf(file)).replace(/\n/g, `\n${indent}`);
  file.insertText(lineEndAt(text, last.getEnd()), `\n${indent}${member}`);
}

/** A typed environment (`environment: Environment`) gets the `sentry` member in its interface or type. */
function extendEnvironmentType(files: TypeScriptFiles, file: SourceFile): void {
  const typeName = file.getVariableDeclaration('environment')?.getTypeNode()?.getText();
  if (!typeName || !/^[A-Za-z_$][\w$]*$/.test(typeName)) return;
  const declaringFile = [
    file,
    ...file
      .getImportDeclarations()
      .filter((declaration) => declaration.getNamedImports().some((named) => named.getName() === typeName))
      .map((declaration) => {
        const path = joinPathFragments(
          file.getDirectoryPath().slice(1),
          `${declaration.getModuleSpecifierValue()}.ts`,
        );
        return files.exists(path) ? files.get(path) : undefined;
      }),
  ].find((candidate) => candidate?.getInterface(typeName) || candidate?.getTypeAlias(typeName));
  const declaration = declaringFile?.getInterface(typeName);
  if (declaration && !declaration.getProperty('sentry'))
    addSentryMember(declaration.getMembers(), declaration);
  const alias = declaringFile?.getTypeAlias(typeName)?.getTypeNode();
  if (alias && Node.isTypeLiteral(alias) && !alias.getProperty('sentry'))
    addSentryMember(alias.getMembers(), alias);
}

/**
 * What an environment file reports: production the options; the others their own name and the DSN --dsns gives
 * them, else none (Sentry off) — never production's, whose events would mix with theirs; development traces all.
 */
function settingsFor(
  environment: EnvironmentFile,
  environments: EnvironmentFiles,
  settings: SentryBrowserSettings,
  dsns: Record<string, string>,
  targets: (string | RegExp)[],
) {
  if (environment.path === environments.production) return { ...settings, tracePropagationTargets: targets };
  return {
    ...settings,
    dsn: dsns[environment.name] ?? '',
    environment: environment.name,
    ...(environment.path === environments.base ? { tracesSampleRate: 1 } : {}),
    tracePropagationTargets: targets,
  };
}

/** The DSN an existing `sentry` block holds, when it is a plain string. */
function dsnIn(block: ObjectLiteralExpression | undefined): string | undefined {
  const property = block?.getProperty('dsn');
  const value = Node.isPropertyAssignment(property) ? property.getInitializer() : undefined;
  return value && (Node.isStringLiteral(value) || Node.isNoSubstitutionTemplateLiteral(value))
    ? value.getLiteralValue()
    : undefined;
}

/**
 * Adds the `sentry` block to every environment file of the app (all must keep one shape when typed); an
 * existing block only gains the keys it lacks, but takes the DSN --dsns names for its environment. Each
 * environment propagates to the API base it names itself (none: the same-origin default). Returns the other
 * origins the SDK will send trace headers to (their APIs must allow those headers in CORS).
 */
export function addSentryEnvironment(
  files: TypeScriptFiles,
  environments: EnvironmentFiles,
  settings: SentryBrowserSettings,
  dsns: Record<string, string>,
): string[] {
  const crossOrigin = new Set<string>();
  const targetsOf = (path: string) =>
    settings.tracePropagationTargets
      ? propagationTargetsFor(settings.tracePropagationTargets, true)
      : propagationTargetsFor(apiBases(files.get(path)), false);
  for (const environment of environments.all) {
    const file = files.get(environment.path);
    const object = environmentObject(file);
    if (!object) continue;
    const targets = targetsOf(environment.path);
    for (const target of targets)
      if (typeof target === 'string' && /^https?:\/\//.test(target)) crossOrigin.add(target);
    const values = settingsFor(environment, environments, settings, dsns, targets);
    const style = styleOf(file);
    const existing = object.getProperty('sentry');
    if (!existing) {
      appendListElements(object, [`sentry: ${toTypeScriptLiteral(values, '', style)}`]);
    } else if (Node.isPropertyAssignment(existing)) {
      const block = existing.getInitializerIfKind(SyntaxKind.ObjectLiteralExpression);
      const given = dsns[environment.name];
      const dsn = block?.getProperty('dsn');
      if (given !== undefined && Node.isPropertyAssignment(dsn) && dsnIn(block) !== given)
        dsn.setInitializer(toTypeScriptLiteral(given, '', style));
      if (block)
        appendListElements(
          block,
          Object.entries(values)
            .filter(([key]) => !block.getProperty(key))
            .map(([key, value]) => `${key}: ${toTypeScriptLiteral(value, '', style)}`),
        );
    }
    // The insertions above leave ts-morph's earlier nodes behind: the block is found again.
    const block = environmentObject(file)
      ?.getProperty('sentry')
      ?.asKind(SyntaxKind.PropertyAssignment)
      ?.getInitializerIfKind(SyntaxKind.ObjectLiteralExpression);
    if (environment.path !== environments.base && dsnIn(block) === '')
      logger.warn(
        `${environment.path.split('/').at(-1)} (${environment.name}) has no DSN, so Sentry stays off in ${environment.name} builds: ` +
          `pass --dsns=${environment.name}=<DSN> (the DSN of the Sentry project for ${environment.name}) to report them.`,
      );
    extendEnvironmentType(files, file);
  }
  return [...crossOrigin];
}
