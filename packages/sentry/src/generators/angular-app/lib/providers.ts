import { joinPathFragments } from '@nx/devkit';
import {
  Node,
  SyntaxKind,
  type ArrayLiteralExpression,
  type ObjectLiteralExpression,
  type SourceFile,
} from 'ts-morph';
import type { TypeScriptFiles } from '../../../edit/typescript-files';
import { appendListElements } from '../../../edit/typescript-arrays';
import { ensureNamedImport, ensureNamespaceImport } from '../../../edit/typescript-imports';
import { OptionError } from '../../../utils/option-error';
import { makeErrorHandlerReport } from './error-handler';

interface ProviderContext {
  files: TypeScriptFiles;
  sdk: string;
  angularMajor: number;
  /** Files whose configuration reaches the server (SSR): Sentry providers must stay out of them. */
  serverImported: (path: string, name: string) => boolean;
}

/** The workspace path a relative import of `file` names. */
function importedPath(file: SourceFile, specifier: string): string {
  return joinPathFragments(file.getDirectoryPath().slice(1), `${specifier}.ts`);
}

/** Where a name imported by `file` is declared: its file and the exported name. */
function resolveImport(files: TypeScriptFiles, file: SourceFile, name: string): SourceFile | undefined {
  const declaration = file
    .getImportDeclarations()
    .find((candidate) =>
      candidate
        .getNamedImports()
        .some((named) => (named.getAliasNode()?.getText() ?? named.getName()) === name),
    );
  if (!declaration || !declaration.getModuleSpecifierValue().startsWith('.')) return undefined;
  const path = importedPath(file, declaration.getModuleSpecifierValue());
  return files.exists(path) ? files.get(path) : undefined;
}

function providersArray(object: ObjectLiteralExpression): ArrayLiteralExpression {
  const property = object.getProperty('providers');
  if (property && Node.isPropertyAssignment(property)) {
    const array = property.getInitializerIfKind(SyntaxKind.ArrayLiteralExpression);
    if (array) return array;
  }
  if (!property)
    return object
      .addPropertyAssignment({ name: 'providers', initializer: '[]' })
      .getInitializerIfKindOrThrow(SyntaxKind.ArrayLiteralExpression);
  throw new OptionError(
    'project',
    property.getText().slice(0, 60),
    'providers given as an array literal (the generator edits it in place)',
  );
}

/** Adds ErrorHandler, TraceService and its initializer to one providers array, each only when missing. */
function addToProviders(array: ArrayLiteralExpression, context: ProviderContext): void {
  const file = array.getSourceFile();
  const alias = ensureNamespaceImport(file, context.sdk, 'Sentry');
  const elements = array.getElements();
  const providing = (token: string) =>
    elements.filter(Node.isObjectLiteralExpression).find((element) => {
      const provide = element.getProperty('provide');
      return provide && Node.isPropertyAssignment(provide) && provide.getInitializer()?.getText() === token;
    });

  const added: string[] = [];
  const errorHandler = providing('ErrorHandler');
  if (!errorHandler) {
    ensureNamedImport(file, '@angular/core', 'ErrorHandler');
    added.push(`{ provide: ErrorHandler, useValue: ${alias}.createErrorHandler() }`);
  } else {
    const useClass = errorHandler.getProperty('useClass');
    const className =
      useClass && Node.isPropertyAssignment(useClass) ? useClass.getInitializer()?.getText() : undefined;
    const declaringFile = className
      ? file.getClass(className)
        ? file
        : resolveImport(context.files, file, className)
      : undefined;
    const declaration = className ? declaringFile?.getClass(className) : undefined;
    if (declaration)
      makeErrorHandlerReport(
        declaration,
        ensureNamespaceImport(declaration.getSourceFile(), context.sdk, 'Sentry'),
      );
  }

  if (!providing(`${alias}.TraceService`)) {
    ensureNamedImport(file, '@angular/router', 'Router');
    added.push(`{ provide: ${alias}.TraceService, deps: [Router] }`);
  }
  const hasInitializer = elements.some(
    (element) =>
      element.getText().includes('TraceService') &&
      /provideAppInitializer|APP_INITIALIZER/.test(element.getText()),
  );
  if (!hasInitializer) {
    if (context.angularMajor >= 19) {
      ensureNamedImport(file, '@angular/core', 'provideAppInitializer');
      ensureNamedImport(file, '@angular/core', 'inject');
      added.push(`provideAppInitializer(() => {\n  inject(${alias}.TraceService);\n})`);
    } else {
      ensureNamedImport(file, '@angular/core', 'APP_INITIALIZER');
      added.push(
        `{ provide: APP_INITIALIZER, useFactory: () => () => {}, deps: [${alias}.TraceService], multi: true }`,
      );
    }
  }
  appendListElements(array, added);
}

/** The providers of an application config expression: an object literal, or the last object of mergeApplicationConfig(…). */
function configProviders(expression: Node): ArrayLiteralExpression | undefined {
  if (Node.isObjectLiteralExpression(expression)) return providersArray(expression);
  if (
    Node.isCallExpression(expression) &&
    expression.getExpression().getText() === 'mergeApplicationConfig'
  ) {
    const objects = expression.getArguments().filter(Node.isObjectLiteralExpression);
    const target = objects.at(-1) ?? (expression.addArgument('{ providers: [] }') as ObjectLiteralExpression);
    return providersArray(target);
  }
  return undefined;
}

function wireStandalone(main: SourceFile, bootstrap: Node, context: ProviderContext): void {
  if (!Node.isCallExpression(bootstrap)) return;
  const [, config] = bootstrap.getArguments();
  if (!config) {
    bootstrap.addArgument('{ providers: [] }');
    return wireStandalone(main, bootstrap, context);
  }
  const inline = configProviders(config);
  if (inline) return addToProviders(inline, context);
  if (!Node.isIdentifier(config))
    throw new OptionError(
      'project',
      config.getText(),
      'an application config given inline, as mergeApplicationConfig(…) or as an imported constant',
    );

  const name = config.getText();
  const configFile = main.getVariableDeclaration(name) ? main : resolveImport(context.files, main, name);
  const declaration = configFile?.getVariableDeclaration(name);
  const initializer = declaration?.getInitializer();
  // A config the server also merges (SSR) stays untouched: Sentry is added to the browser bootstrap only.
  if (!configFile || !initializer || context.serverImported(configFile.getFilePath().slice(1), name)) {
    ensureNamedImport(main, '@angular/core', 'mergeApplicationConfig');
    config.replaceWithText(`mergeApplicationConfig(${name}, { providers: [] })`);
    return wireStandalone(main, bootstrap, context);
  }
  const providers = configProviders(initializer);
  if (!providers)
    throw new OptionError(
      'project',
      `${name} in ${configFile.getFilePath().slice(1)}`,
      'an application config object or mergeApplicationConfig(…) call',
    );
  addToProviders(providers, context);
}

function wireNgModule(main: SourceFile, bootstrapModule: Node, context: ProviderContext): void {
  if (!Node.isCallExpression(bootstrapModule)) return;
  const moduleName = bootstrapModule.getArguments()[0]?.getText();
  const moduleFile = moduleName
    ? main.getClass(moduleName)
      ? main
      : resolveImport(context.files, main, moduleName)
    : undefined;
  const ngModule = moduleName ? moduleFile?.getClass(moduleName)?.getDecorator('NgModule') : undefined;
  const metadata = ngModule?.getArguments()[0];
  if (!metadata || !Node.isObjectLiteralExpression(metadata))
    throw new OptionError('project', moduleName, 'an NgModule class with @NgModule({ … }) metadata');
  addToProviders(providersArray(metadata), context);
}

/** Registers Sentry's providers where the browser bootstrap takes them: application config or root NgModule. */
export function addSentryProviders(main: SourceFile, context: ProviderContext): void {
  const calls = main.getDescendantsOfKind(SyntaxKind.CallExpression);
  const standalone = calls.find((call) => call.getExpression().getText() === 'bootstrapApplication');
  if (standalone) return wireStandalone(main, standalone, context);
  const ngModule = calls.find((call) => call.getExpression().getText().endsWith('.bootstrapModule'));
  if (ngModule) return wireNgModule(main, ngModule, context);
  throw new OptionError(
    'project',
    main.getFilePath().slice(1),
    'a browser entry that calls bootstrapApplication(…) or bootstrapModule(…)',
  );
}
