import { applyTextEdits, type TextEdit } from './text-edit';

export interface RetargetedDockerfile {
  text: string;
  /** The sources that now point into the release folder, as the Dockerfile spelled them. */
  retargeted: string[];
  /** Whether a COPY takes files from a build stage (`--from`): those are built in the image, not here. */
  fromStages: boolean;
}

/** One instruction with its continuation lines (`\` at a line's end), and where it starts in the file. */
function instructions(text: string): Array<{ offset: number; body: string }> {
  const found: Array<{ offset: number; body: string }> = [];
  const pattern = /^[ \t]*(?:COPY|ADD)\b(?:[^\n]*\\\r?\n)*[^\n]*/gim;
  for (const match of text.matchAll(pattern)) found.push({ offset: match.index ?? 0, body: match[0] });
  return found;
}

/** Whether a COPY takes files from a build stage (`--from`): those are built in the image, not from the context. */
export function copiesFromStages(text: string): boolean {
  return instructions(text).some(({ body }) => fromStage(body));
}

const fromStage = (instruction: string) => /\s--from=/.test(instruction);

/**
 * Points the COPY/ADD sources under `buildOutput` at the same paths under `releaseFolder` (Dockerfile
 * reference: shell form `COPY [--flags] <src>... <dest>`, exec form `COPY ["<src>",... "<dest>"]`), so the
 * image ships the files sentry-sourcemaps stamped, gave debug IDs and stripped of maps instead of the raw
 * build. Paths are relative to the build context, the workspace root; `./` prefixes are kept.
 */
export function retargetDockerCopies(
  text: string,
  buildOutput: string,
  releaseFolder: string,
): RetargetedDockerfile {
  const edits: TextEdit[] = [];
  const retargeted: string[] = [];
  let fromStages = false;
  const underBuild = (source: string) => {
    const path = source.replace(/^\.\//, '');
    return path === buildOutput || path.startsWith(`${buildOutput}/`);
  };
  for (const { offset, body } of instructions(text)) {
    const words = [...body.matchAll(/"((?:[^"\\]|\\.)*)"|[^\s,[\]\\]+/g)].map((match) => ({
      word: match[1] ?? match[0],
      at: offset + (match.index ?? 0) + (match[1] === undefined ? 0 : 1),
    }));
    const [, ...rest] = words;
    if (fromStage(body)) {
      fromStages = true;
      continue;
    }
    const paths = rest.filter(({ word }) => !word.startsWith('--'));
    for (const { word, at } of paths.slice(0, -1))
      if (underBuild(word)) {
        const prefix = word.startsWith('./') ? 2 : 0;
        edits.push({ offset: at + prefix, length: buildOutput.length, text: releaseFolder });
        retargeted.push(word);
      }
  }
  return { text: applyTextEdits(text, edits), retargeted, fromStages };
}
