import type { Tree } from '@nx/devkit';
import { IndentationText, Project, QuoteKind, SourceFile } from 'ts-morph';

/**
 * ts-morph over the generator's Tree: files are loaded into an in-memory project on demand and written
 * back only when their text changed, so untouched files keep their bytes and a re-run is a no-op.
 */
export class TypeScriptFiles {
  private readonly project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { quoteKind: QuoteKind.Single, indentationText: IndentationText.TwoSpaces },
  });
  private readonly originals = new Map<string, string>();

  constructor(private readonly tree: Tree) {}

  exists(path: string): boolean {
    return this.originals.has(path) || this.tree.exists(path);
  }

  get(path: string): SourceFile {
    const existing = this.project.getSourceFile(`/${path}`);
    if (existing) return existing;
    const text = this.tree.read(path, 'utf-8');
    if (text === null) throw new Error(`Cannot read ${path}`);
    this.originals.set(path, text);
    return this.project.createSourceFile(`/${path}`, text);
  }

  create(path: string, text: string): SourceFile {
    this.originals.set(path, '');
    return this.project.createSourceFile(`/${path}`, text, { overwrite: true });
  }

  /** Writes every changed file back to the tree. */
  flush(): string[] {
    const changed: string[] = [];
    for (const [path, original] of this.originals) {
      const text = this.project.getSourceFileOrThrow(`/${path}`).getFullText();
      if (text !== original) {
        this.tree.write(path, text);
        changed.push(path);
      }
    }
    return changed;
  }
}
