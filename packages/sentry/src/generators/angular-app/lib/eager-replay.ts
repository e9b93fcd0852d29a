import { type CallExpression, Node, type SourceFile, SyntaxKind } from 'ts-morph';
import { integrationsArray } from './init-integrations';

/** Local names an eager replay is constructed with: the SDK's function, and the class of SDK 7. */
const replayNames = ['replayIntegration', 'Replay'];

function isReplayConstruction(node: Node, alias: string): boolean {
  if (!Node.isCallExpression(node) && !Node.isNewExpression(node)) return false;
  const callee = node.getExpression().getText();
  return replayNames.some((name) => callee === name || callee === `${alias}.${name}`);
}

/** Drops a named import of the SDK that nothing in the file uses any more. */
function removeUnusedNamedImport(file: SourceFile, sdk: string, name: string): void {
  for (const declaration of file.getImportDeclarations()) {
    if (declaration.getModuleSpecifierValue() !== sdk) continue;
    const named = declaration.getNamedImports().find((specifier) => specifier.getName() === name);
    if (!named) continue;
    const local = named.getAliasNode()?.getText() ?? name;
    const uses = file
      .getDescendantsOfKind(SyntaxKind.Identifier)
      .filter(
        (identifier) =>
          identifier.getText() === local && !identifier.getFirstAncestorByKind(SyntaxKind.ImportDeclaration),
      );
    if (uses.length > 0) continue;
    named.remove();
    if (
      !declaration.getNamedImports().length &&
      !declaration.getDefaultImport() &&
      !declaration.getNamespaceImport()
    )
      declaration.remove();
  }
}

/**
 * The wizard's shape puts replay into `Sentry.init({ integrations: [...] })`, which downloads it up front.
 * When the init has one, it is taken out of the array and its arguments (the user's replay options) are
 * returned, to be handed to the lazily loaded replay instead; undefined when there is none.
 */
export function takeEagerReplay(
  init: CallExpression,
  file: SourceFile,
  sdk: string,
  alias: string,
): string[] | undefined {
  const options = init.getArguments()[0];
  if (!options || !Node.isObjectLiteralExpression(options)) return undefined;
  const list = integrationsArray(options);
  const replay = list?.getElements().find((element) => isReplayConstruction(element, alias));
  if (!list || !replay || !(Node.isCallExpression(replay) || Node.isNewExpression(replay))) return undefined;
  const replayArguments = replay.getArguments().map((argument) => argument.getText());
  list.removeElement(replay);
  for (const name of replayNames) removeUnusedNamedImport(file, sdk, name);
  return replayArguments;
}
