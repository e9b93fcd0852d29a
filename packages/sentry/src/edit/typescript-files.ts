import type { Tree } from '@nx/devkit';
import { IndentationText, Project, QuoteKind, SourceFile } from 'ts-morph';
import { styleOf } from './typescript-style';

/**
 * ts-morph over the generator's Tree: files are loaded into in-memory projects on demand and written back only
 * when their text changed, so untouched files keep their bytes and a re-run is a no-op. Each file has a project
 * of its own, whose manipulation settings follow the file's style (ts-morph keeps them per project).
 */
export class TypeScriptFiles {
  private readonly originals = new Map<string, string>();
  private readonly sourceFiles = new Map<string, SourceFile>();

  constructor(private readonly tree: Tree) {}

  exists(path: string): boolean {
    return this.originals.has(path) || this.tree.exists(path);
  }

  get(path: string): SourceFile {
    const existing = this.sourceFiles.get(path);
    if (existing) return existing;
    const text = this.tree.read(path, 'utf-8');
    if (text === null) throw new Error(`Cannot read ${path}`);
    this.originals.set(path, text);
    return this.load(path, text);
  }

  create(path: string, text: string): SourceFile {
    this.originals.set(path, '');
    return this.load(path, text);
  }

  private load(path: string, text: string): SourceFile {
    const project = new Project({ useInMemoryFileSystem: true });
    const file = project.createSourceFile(`/${path}`, text);
    const style = styleOf(file);
    project.manipulationSettings.set({
      quoteKind: style.quote === '"' ? QuoteKind.Double : QuoteKind.Single,
      indentationText: (Object.values(IndentationText) as string[]).includes(style.indent)
        ? (style.indent as IndentationText)
        : IndentationText.TwoSpaces,
      useTrailingCommas: style.trailingCommas,
    });
    this.sourceFiles.set(path, file);
    return file;
  }

  /** Writes every changed file back to the tree. */
  flush(): string[] {
    const changed: string[] = [];
    for (const [path, original] of this.originals) {
      const text = this.get(path).getFullText();
      if (text !== original) {
        this.tree.write(path, text);
        changed.push(path);
      }
    }
    return changed;
  }
}
