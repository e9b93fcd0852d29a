import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { OptionError } from '@fundamental/sentry/src/utils/option-error';

/** Files every getsentry/self-hosted release has had since 24.x; their absence means the path is something else. */
const requiredFiles = [
  'docker-compose.yml',
  '.env',
  'install/_min-requirements.sh',
  'sentry/sentry.conf.example.py',
];

/** Where a fact was read: the upstream file and its 1-based line (0: the file, no single line). */
export interface Place {
  file: string;
  line: number;
}

export const placeText = ({ file, line }: Place): string => (line ? `${file}:${line}` : file);

/** A getsentry/self-hosted checkout on disk, read-only: the files the release's facts come from. */
export class UpstreamCheckout {
  private constructor(readonly root: string) {}

  /** Validates `--upstream` before anything is read for real or written. */
  static open(root: unknown): UpstreamCheckout {
    if (typeof root !== 'string' || !root.trim())
      throw new OptionError('upstream', root, 'the path of a getsentry/self-hosted checkout');
    if (!existsSync(root) || !statSync(root).isDirectory())
      throw new OptionError('upstream', root, 'an existing directory (a getsentry/self-hosted checkout)');
    const missing = requiredFiles.filter((file) => !existsSync(join(root, file)));
    if (missing.length)
      throw new OptionError(
        'upstream',
        root,
        `a getsentry/self-hosted checkout (it lacks ${missing.join(', ')})`,
      );
    return new UpstreamCheckout(root);
  }

  has(file: string): boolean {
    return existsSync(join(this.root, file));
  }

  read(file: string): string {
    if (!this.has(file))
      throw new Error(`${file} is missing from the getsentry/self-hosted checkout ${this.root}`);
    return readFileSync(join(this.root, file), 'utf8');
  }

  /** The shell scripts of install/, sorted. */
  installScripts(): string[] {
    return readdirSync(join(this.root, 'install'))
      .filter((name) => name.endsWith('.sh'))
      .sort()
      .map((name) => `install/${name}`);
  }

  /**
   * The line of `file` holding the last of `needles`, each searched from the line of the one before it; a needle
   * not found after its predecessor is searched from the top (a value shared through a YAML anchor sits above
   * the service). The file alone when the first needle is absent.
   */
  locate(file: string, ...needles: (string | RegExp)[]): Place {
    if (!this.has(file)) return { file, line: 0 };
    const lines = this.read(file).split('\n');
    let line = -1;
    for (const needle of needles) {
      const holds = (text: string) =>
        typeof needle === 'string' ? text.includes(needle) : needle.test(text);
      const after = lines.findIndex((text, index) => index > line && holds(text));
      const found = after >= 0 ? after : lines.findIndex(holds);
      if (found < 0) return line < 0 ? { file, line: 0 } : { file, line: line + 1 };
      line = found;
    }
    return { file, line: line + 1 };
  }
}
