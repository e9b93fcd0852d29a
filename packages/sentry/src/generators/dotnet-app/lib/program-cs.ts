import { addUsingDirectives } from '../../../edit/csharp-edits';
import { readCSharp, syntaxProblems, usingNamespaces } from '../../../edit/csharp-syntax';
import { applyTextEdits } from '../../../edit/text-edit';
import { OptionError } from '../../../utils/option-error';
import { corsHeadersPlan } from './cors-headers';
import { serilogSinkPlan } from './serilog-sink';
import { useSentryPlan } from './use-sentry';

export interface ProgramOptions {
  project: string;
  profiling: boolean;
  /** Undefined: the sink is added when Program.cs has `using Serilog;` or the project references Serilog. */
  serilog: boolean | undefined;
  serilogReferenced: boolean;
  /** Serilog:WriteTo in an appsettings file names the Sentry sink: it is the sink, none goes into code. */
  sinkInSettings: boolean;
  /** Namespaces the project imports for every file (ImplicitUsings: the web SDK's and Sentry's). */
  implicitUsings: boolean;
}

export interface ProgramResult {
  text: string;
  /** Whether the Serilog sink is part of the wiring (and so Sentry.Serilog is needed). */
  serilog: boolean;
  notes: string[];
}

/** Namespaces that ImplicitUsings brings: the web SDK's Microsoft.AspNetCore.Hosting, and Sentry's own. */
const implicitNamespaces = ['Microsoft.AspNetCore.Hosting', 'Sentry'];

/** Program.cs with UseSentry, profiling and the Serilog sink; decided on the syntax tree, never on text. */
export async function wireProgram(
  path: string,
  text: string,
  options: ProgramOptions,
): Promise<ProgramResult> {
  const planned = await readCSharp(text, (root) => {
    const imported = usingNamespaces(root);
    const serilog =
      options.serilog ??
      (options.serilogReferenced || options.sinkInSettings || imported.includes('Serilog'));
    const sentry = useSentryPlan(text, root, options.profiling);
    if (!sentry.found)
      throw new OptionError(
        'project',
        options.project,
        `an app whose ${path} builds a web host (WebApplication.CreateBuilder, ConfigureWebHostDefaults or WebHost.CreateDefaultBuilder)`,
      );
    const sink = serilog ? serilogSinkPlan(text, root, options.sinkInSettings) : undefined;
    if (sink && !sink.found && options.serilog)
      throw new OptionError(
        'serilog',
        true,
        `an app whose ${path} configures Serilog (UseSerilog/AddSerilog with a configuration lambda, or new LoggerConfiguration()…CreateLogger())`,
      );
    const cors = corsHeadersPlan(root);
    const notes = [...sentry.notes, ...(sink?.notes ?? []), ...cors.notes];
    if (sink && !sink.found)
      notes.push(
        `${path} references Serilog but configures no logger the Sentry sink could join; left without it.`,
      );
    const missingNamespaces = sentry.namespaces.filter(
      (namespace) =>
        !imported.includes(namespace) && !(options.implicitUsings && implicitNamespaces.includes(namespace)),
    );
    return {
      edits: [
        ...addUsingDirectives(text, root, sentry.edits.length > 0 ? missingNamespaces : []),
        ...sentry.edits,
        ...(sink?.edits ?? []),
        ...cors.edits,
      ],
      serilog: !!sink?.found,
      notes,
      problemsBefore: syntaxProblems(root).length,
    };
  });
  const wired = applyTextEdits(text, planned.edits);
  // A guard against our own edits, not the user's code: what parsed cleanly must still parse cleanly.
  const problems = await readCSharp(wired, syntaxProblems);
  if (planned.problemsBefore === 0 && problems.length > 0)
    throw new Error(
      `Editing ${path} would break its syntax (${problems.join(', ')}); it was left unchanged.`,
    );
  return { text: wired, serilog: planned.serilog, notes: planned.notes };
}
