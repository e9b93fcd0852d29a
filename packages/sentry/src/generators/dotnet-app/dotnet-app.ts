import { type GeneratorCallback, runTasksInSerial, type Tree } from '@nx/devkit';
import { normalizeOptions } from './lib/normalize-options';
import type { DotnetAppGeneratorSchema } from './schema';

export async function dotnetAppGenerator(
  tree: Tree,
  rawOptions: DotnetAppGeneratorSchema,
): Promise<GeneratorCallback> {
  const options = normalizeOptions(tree, rawOptions);
  // The C# and MSBuild edits load web-tree-sitter with its grammars (@vscode/tree-sitter-wasm) and saxes:
  // only this generator needs them, so they are loaded when it runs, never by `require('@fundamental/sentry')`.
  const { wireDotnetApp } = await import('./lib/wire-dotnet-app');
  await wireDotnetApp(tree, options);
  // No package.json change and no install: the NuGet references are in the .csproj, restored by dotnet.
  return runTasksInSerial();
}

export default dotnetAppGenerator;
