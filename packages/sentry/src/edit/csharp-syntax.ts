import { readFileSync } from 'node:fs';
import { Language, Parser, type Node } from 'web-tree-sitter';

/**
 * C# through tree-sitter's C# grammar as WebAssembly: the runtime is web-tree-sitter, the grammar the
 * prebuilt tree-sitter-c-sharp.wasm of @vscode/tree-sitter-wasm (nothing compiles on install, no native
 * module). The grammar's ABI must lie within the runtime's range; a spec checks it. Offsets (`startIndex`,
 * `endIndex`) count UTF-16 units, like JavaScript strings.
 */
export type SyntaxNode = Node;

/** Loaded as bytes: given a path, web-tree-sitter reads it through a dynamic import that Jest's VM refuses. */
export const loadCSharpLanguage = async (): Promise<Language> => {
  await Parser.init();
  return Language.load(
    readFileSync(require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter-c-sharp.wasm')),
  );
};

let parser: Promise<Parser> | undefined;

function cSharpParser(): Promise<Parser> {
  parser ??= (async () => {
    const language = await loadCSharpLanguage();
    const created = new Parser();
    created.setLanguage(language);
    return created;
  })();
  return parser;
}

/** Parses C# and hands the root to `read`; the tree lives in WebAssembly memory and is freed afterwards. */
export async function readCSharp<T>(text: string, read: (root: SyntaxNode) => T): Promise<T> {
  const tree = (await cSharpParser()).parse(text);
  if (!tree) throw new Error('tree-sitter parsed no C# tree.');
  try {
    return read(tree.rootNode);
  } finally {
    tree.delete();
  }
}

/** Where the parser had to recover: ERROR nodes and tokens it assumed MISSING, as `line:column kind`. */
export function syntaxProblems(root: SyntaxNode): string[] {
  const problems: string[] = [];
  const visit = (node: SyntaxNode) => {
    if (node.isError || node.isMissing) {
      const { row, column } = node.startPosition;
      problems.push(`${row + 1}:${column + 1} ${node.isMissing ? `MISSING ${node.type}` : 'ERROR'}`);
      return;
    }
    if (!node.hasError) return;
    for (const child of node.children) if (child) visit(child);
  };
  visit(root);
  return problems;
}

export const descendantsOfType = (node: SyntaxNode, type: string): SyntaxNode[] =>
  node.descendantsOfType(type).filter((found): found is SyntaxNode => found !== null);

export const namedChildrenOf = (node: SyntaxNode): SyntaxNode[] =>
  node.namedChildren.filter((child): child is SyntaxNode => child !== null);

/** The nearest ancestor (or the node itself) of one of the types. */
export function closest(node: SyntaxNode, types: readonly string[]): SyntaxNode | undefined {
  for (let current: SyntaxNode | null = node; current; current = current.parent)
    if (types.includes(current.type)) return current;
  return undefined;
}

/** `Name` of `receiver.Name(…)` or `receiver.Name<T>(…)`; undefined for other calls. */
export function invokedMemberName(invocation: SyntaxNode): string | undefined {
  const callee = invocation.childForFieldName('function');
  if (callee?.type !== 'member_access_expression') return undefined;
  const name = callee.childForFieldName('name');
  return name?.type === 'generic_name' ? name.namedChildren[0]?.text : name?.text;
}

/** `receiver` of `receiver.Name(…)`. */
export const invocationReceiver = (invocation: SyntaxNode): SyntaxNode | undefined =>
  invocation.childForFieldName('function')?.childForFieldName('expression') ?? undefined;

/** Calls of a member method by name, e.g. every `x.UseSentry(…)`, in source order. */
export const memberInvocations = (root: SyntaxNode, name: string): SyntaxNode[] =>
  descendantsOfType(root, 'invocation_expression').filter(
    (invocation) => invokedMemberName(invocation) === name,
  );

/** Argument expressions of a call (named arguments included, without their names). */
export function argumentExpressions(invocation: SyntaxNode): SyntaxNode[] {
  const list = invocation.childForFieldName('arguments');
  return list
    ? namedChildrenOf(list)
        .filter((argument) => argument.type === 'argument')
        .map((argument) => namedChildrenOf(argument).at(-1))
        .filter((expression): expression is SyntaxNode => !!expression)
    : [];
}

/** Parameter names of a lambda: `o => …` gives [o], `(context, options) => …` gives [context, options]. */
export function lambdaParameterNames(lambda: SyntaxNode): string[] {
  const parameters = lambda.childForFieldName('parameters');
  if (!parameters) return [];
  if (parameters.type === 'implicit_parameter' || parameters.type === 'identifier') return [parameters.text];
  return namedChildrenOf(parameters)
    .filter((parameter) => parameter.type === 'parameter')
    .map((parameter) => parameter.childForFieldName('name')?.text ?? '');
}

/** Namespaces of the file's `using X;` directives (aliases and `using static` left out). */
export function usingNamespaces(root: SyntaxNode): string[] {
  return namedChildrenOf(root)
    .filter((child) => child.type === 'using_directive')
    .filter(
      (directive) => !directive.children.some((token) => token?.type === 'static' || token?.type === '='),
    )
    .map((directive) => namedChildrenOf(directive).at(-1)?.text ?? '');
}
