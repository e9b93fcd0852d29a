import {
  joinPathFragments,
  readProjectConfiguration,
  type Tree,
  updateProjectConfiguration,
} from '@nx/devkit';
import { Node, SyntaxKind, type ObjectLiteralExpression, type SourceFile } from 'ts-morph';
import type { TypeScriptFiles } from '../../../edit/typescript-files';
import { toTypeScriptLiteral } from '../../../edit/typescript-literal';
import type { AngularApp } from './angular-app';
import type { SentryBrowserSettings } from './normalize-options';

export interface EnvironmentFiles {
  /** The file the code imports (replaced at build time by the production one). */
  base: string;
  production: string;
}

type FileReplacement = { replace?: string; src?: string; with: string };

/**
 * The app's environment files, from the production `fileReplacements`, else the conventional
 * `environments/environment(.prod).ts`; created (with the replacement) when the app has none, as the seed's
 * environment.prod.ts carries the Sentry settings.
 */
export function ensureEnvironmentFiles(
  tree: Tree,
  files: TypeScriptFiles,
  app: AngularApp,
): EnvironmentFiles {
  const project = readProjectConfiguration(tree, app.name);
  const build = project.targets?.['build'];
  const production = (build?.configurations?.['production'] ?? {}) as {
    fileReplacements?: FileReplacement[];
  };
  const replacement = production.fileReplacements?.find((entry) =>
    /environment\.ts$/.test(entry.replace ?? entry.src ?? ''),
  );
  if (replacement)
    return { base: (replacement.replace ?? replacement.src) as string, production: replacement.with };

  const base = joinPathFragments(app.sourceRoot, 'environments', 'environment.ts');
  const prod = joinPathFragments(app.sourceRoot, 'environments', 'environment.prod.ts');
  if (!files.exists(base)) files.create(base, 'export const environment = {};\n');
  if (!files.exists(prod)) files.create(prod, 'export const environment = {};\n');
  if (build) {
    build.configurations ??= {};
    const configuration = (build.configurations['production'] ??= {}) as {
      fileReplacements?: FileReplacement[];
    };
    configuration.fileReplacements = [
      ...(configuration.fileReplacements ?? []),
      { replace: base, with: prod },
    ];
    updateProjectConfiguration(tree, app.name, project);
  }
  return { base, production: prod };
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

/** The origin of a literal `apiUrl` in the environment: the API that should receive trace headers. */
export function apiOrigin(file: SourceFile): string | undefined {
  const property = environmentObject(file)?.getProperty('apiUrl');
  const value = property && Node.isPropertyAssignment(property) ? property.getInitializer() : undefined;
  if (!value || !Node.isStringLiteral(value)) return undefined;
  try {
    const url = new URL(value.getLiteralValue());
    return url.origin;
  } catch {
    return undefined;
  }
}

const sentryType = `{
    dsn: string;
    environment: string;
    tracesSampleRate: number;
    tracePropagationTargets: (string | RegExp)[];
    replaysSessionSampleRate: number;
    replaysOnErrorSampleRate: number;
  }`;

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
    declaration.addProperty({ name: 'sentry', type: sentryType });
  const alias = declaringFile?.getTypeAlias(typeName)?.getTypeNode();
  if (alias && Node.isTypeLiteral(alias) && !alias.getProperty('sentry'))
    alias.addProperty({ name: 'sentry', type: sentryType });
}

/** What each environment file reports: the production one the options, the others their own name, DSN off in development. */
function settingsFor(
  path: string,
  environments: EnvironmentFiles,
  settings: SentryBrowserSettings,
  targets: string[],
) {
  if (path === environments.production) return { ...settings, tracePropagationTargets: targets };
  const name = /environment\.([\w-]+)\.ts$/.exec(path)?.[1];
  if (path === environments.base || !name)
    return {
      ...settings,
      dsn: '',
      environment: 'development',
      tracesSampleRate: 1,
      tracePropagationTargets: targets,
    };
  return { ...settings, environment: name, tracePropagationTargets: targets };
}

/**
 * Adds the `sentry` block to every environment file of the app (all must keep one shape when typed); an
 * existing block only gains the keys it lacks.
 */
export function addSentryEnvironment(
  tree: Tree,
  files: TypeScriptFiles,
  environments: EnvironmentFiles,
  settings: SentryBrowserSettings,
): void {
  const folder = environments.base.split('/').slice(0, -1).join('/');
  const paths = [
    ...new Set([
      environments.base,
      environments.production,
      ...tree
        .children(folder)
        .filter((name) => /^environment[\w.-]*\.ts$/.test(name))
        .map((name) => `${folder}/${name}`),
    ]),
  ];
  const targets =
    settings.tracePropagationTargets ??
    [apiOrigin(files.get(environments.production)) ?? apiOrigin(files.get(environments.base))].filter(
      (origin): origin is string => !!origin,
    );
  for (const path of paths) {
    const file = files.get(path);
    const object = environmentObject(file);
    if (!object) continue;
    const values = settingsFor(path, environments, settings, targets);
    const existing = object.getProperty('sentry');
    if (!existing) {
      object.addPropertyAssignment({ name: 'sentry', initializer: toTypeScriptLiteral(values, '  ') });
    } else if (Node.isPropertyAssignment(existing)) {
      const block = existing.getInitializerIfKind(SyntaxKind.ObjectLiteralExpression);
      for (const [key, value] of Object.entries(values))
        if (block && !block.getProperty(key))
          block.addPropertyAssignment({ name: key, initializer: toTypeScriptLiteral(value, '    ') });
    }
    extendEnvironmentType(files, file);
  }
}
