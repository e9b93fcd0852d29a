import { appendStatementToLambda, insertStatementsAfter } from '../../../edit/csharp-edits';
import {
  argumentExpressions,
  closest,
  descendantsOfType,
  invocationReceiver,
  lambdaParameterNames,
  memberInvocations,
  type SyntaxNode,
} from '../../../edit/csharp-syntax';
import type { TextEdit } from '../../../edit/text-edit';
import { appendCallToChain } from './csharp-chains';

/** Edits of Program.cs for one concern, and what the user should know about them. */
export interface CodePlan {
  edits: TextEdit[];
  notes: string[];
  /** False when Program.cs has no place for the concern (no web host builder, no Serilog configuration). */
  found: boolean;
}

export interface UseSentryPlan extends CodePlan {
  /** Namespaces the new code needs (added as using directives unless the project's implicit usings cover them). */
  namespaces: string[];
}

/**
 * Settings live in configuration, so the call itself only carries what cannot be configured. The blank line
 * before the comment is StyleCop's SA1515, which projects that treat warnings as errors fail on.
 */
const commentedCall = (call: string) => [
  '',
  '// Sentry: DSN, environment and sample rates come from the "Sentry" configuration section (appsettings*.json, Sentry__* environment variables).',
  call,
];

const useSentryCall = (profiling: boolean) =>
  profiling ? 'UseSentry(sentryOptions => sentryOptions.AddProfilingIntegration())' : 'UseSentry()';

const lambdaOf = (invocation: SyntaxNode) =>
  argumentExpressions(invocation).find((argument) => argument.type === 'lambda_expression');

/** `x.Dsn = …` inside the options lambda: code wins over configuration, so the Secret would be ignored. */
const setsDsnInCode = (lambda: SyntaxNode) =>
  descendantsOfType(lambda, 'assignment_expression').some(
    (assignment) => assignment.childForFieldName('left')?.childForFieldName('name')?.text === 'Dsn',
  );

/** An existing UseSentry: profiling is added to its options; nothing else is touched. */
function mergeIntoExisting(
  text: string,
  root: SyntaxNode,
  useSentry: SyntaxNode,
  profiling: boolean,
): UseSentryPlan {
  const plan: UseSentryPlan = { edits: [], namespaces: [], notes: [], found: true };
  const lambda = lambdaOf(useSentry);
  if (lambda && setsDsnInCode(lambda))
    plan.notes.push(
      'Program.cs sets the DSN in UseSentry; code overrides configuration, so Sentry__Dsn from the Secret is ignored until that line goes.',
    );
  if (!profiling || memberInvocations(root, 'AddProfilingIntegration').length > 0) return plan;
  plan.namespaces.push('Sentry');
  const argumentList = useSentry.childForFieldName('arguments');
  if (lambda) {
    const options = lambdaParameterNames(lambda).at(-1);
    plan.edits.push(appendStatementToLambda(text, lambda, [`${options}.AddProfilingIntegration();`]));
  } else if (argumentList && argumentExpressions(useSentry).length === 0) {
    plan.edits.push({
      offset: argumentList.startIndex,
      length: argumentList.endIndex - argumentList.startIndex,
      text: '(sentryOptions => sentryOptions.AddProfilingIntegration())',
    });
  } else {
    plan.notes.push(
      'UseSentry in Program.cs takes no options lambda: add options.AddProfilingIntegration() to its options by hand.',
    );
  }
  return plan;
}

/** `var builder = WebApplication.CreateBuilder(args);` → `builder.WebHost.UseSentry(…);` on the next line. */
function minimalHosting(text: string, root: SyntaxNode, call: string): TextEdit | undefined {
  const creation = ['CreateBuilder', 'CreateSlimBuilder', 'CreateEmptyBuilder']
    .flatMap((name) => memberInvocations(root, name))
    .find((invocation) => invocationReceiver(invocation)?.text === 'WebApplication');
  const declarator = creation && closest(creation, ['variable_declarator']);
  const statement = declarator && closest(declarator, ['local_declaration_statement']);
  const builder = declarator?.childForFieldName('name')?.text;
  return statement && builder
    ? insertStatementsAfter(text, statement, commentedCall(`${builder}.WebHost.${call};`))
    : undefined;
}

/** `.ConfigureWebHostDefaults(webBuilder => { … })` → `webBuilder.UseSentry(…);` at the end of the lambda. */
function genericHost(text: string, root: SyntaxNode, call: string): TextEdit | undefined {
  const lambda = ['ConfigureWebHostDefaults', 'ConfigureWebHost']
    .flatMap((name) => memberInvocations(root, name))
    .map(lambdaOf)
    .find((found) => found !== undefined);
  const webBuilder = lambda && lambdaParameterNames(lambda)[0];
  return lambda && webBuilder
    ? appendStatementToLambda(text, lambda, commentedCall(`${webBuilder}.${call};`))
    : undefined;
}

/** `WebHost.CreateDefaultBuilder(args)` → `WebHost.CreateDefaultBuilder(args).UseSentry(…)`. */
function webHostBuilder(text: string, root: SyntaxNode, call: string): TextEdit | undefined {
  const creation = memberInvocations(root, 'CreateDefaultBuilder').find(
    (invocation) => invocationReceiver(invocation)?.text === 'WebHost',
  );
  return creation && appendCallToChain(text, creation.endIndex, creation, call);
}

/**
 * UseSentry on the web host builder, in whichever of the three hosting shapes Program.cs uses, or profiling
 * merged into the UseSentry it already has.
 */
export function useSentryPlan(text: string, root: SyntaxNode, profiling: boolean): UseSentryPlan {
  const [existing] = memberInvocations(root, 'UseSentry');
  if (existing) return mergeIntoExisting(text, root, existing, profiling);
  const call = useSentryCall(profiling);
  const edit =
    minimalHosting(text, root, call) ?? genericHost(text, root, call) ?? webHostBuilder(text, root, call);
  return {
    edits: edit ? [edit] : [],
    namespaces: ['Microsoft.AspNetCore.Hosting', ...(profiling ? ['Sentry'] : [])],
    notes: [],
    found: !!edit,
  };
}
