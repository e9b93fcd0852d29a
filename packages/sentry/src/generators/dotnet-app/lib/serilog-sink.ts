import { appendStatementToLambda } from '../../../edit/csharp-edits';
import {
  argumentExpressions,
  descendantsOfType,
  invocationReceiver,
  invokedMemberName,
  lambdaParameterNames,
  memberInvocations,
  type SyntaxNode,
} from '../../../edit/csharp-syntax';
import type { TextEdit } from '../../../edit/text-edit';
import { appendCallToChain, chainRoot } from './csharp-chains';
import type { CodePlan } from './use-sentry';

/**
 * The Sentry sink never initialises an SDK of its own: UseSentry does, once (two initialisations fight
 * over the hub). The sink then only turns Serilog events into Sentry breadcrumbs and events.
 */
const sinkCall = 'WriteTo.Sentry(sentrySerilog => sentrySerilog.InitializeSdk = false)';

const isSentrySink = (invocation: SyntaxNode) => {
  const receiver = invocationReceiver(invocation);
  return (
    receiver?.type === 'member_access_expression' && receiver.childForFieldName('name')?.text === 'WriteTo'
  );
};

/** The DSN overload (`WriteTo.Sentry("https://…")` or `dsn: …`) starts a second SDK. */
const passesDsn = (sink: SyntaxNode) => {
  const [first] = argumentExpressions(sink);
  const named = descendantsOfType(sink.childForFieldName('arguments') ?? sink, 'argument').some(
    (argument) => argument.childForFieldName('name')?.text === 'dsn',
  );
  return (
    named ||
    ['string_literal', 'verbatim_string_literal', 'interpolated_string_expression'].includes(
      first?.type ?? '',
    )
  );
};

/** An existing sink keeps its settings; InitializeSdk is made false. */
function fixExistingSink(text: string, sink: SyntaxNode, plan: CodePlan): void {
  const lambda = argumentExpressions(sink).find((argument) => argument.type === 'lambda_expression');
  if (!lambda) {
    if (passesDsn(sink))
      plan.notes.push(
        'WriteTo.Sentry in Program.cs passes a DSN and so initialises a second SDK: replace it with WriteTo.Sentry(o => o.InitializeSdk = false).',
      );
    return;
  }
  const assignment = descendantsOfType(lambda, 'assignment_expression').find(
    (candidate) => candidate.childForFieldName('left')?.childForFieldName('name')?.text === 'InitializeSdk',
  );
  const value = assignment?.childForFieldName('right');
  if (value && value.text !== 'false')
    plan.edits.push({ offset: value.startIndex, length: value.endIndex - value.startIndex, text: 'false' });
  if (!assignment)
    plan.edits.push(
      appendStatementToLambda(text, lambda, [
        `${lambdaParameterNames(lambda).at(-1)}.InitializeSdk = false;`,
      ]),
    );
}

/** `UseSerilog((context, services, configuration) => configuration….)` or `AddSerilog(…)`: the host's logger. */
function hostConfiguration(text: string, root: SyntaxNode): TextEdit | undefined {
  const lambda = ['UseSerilog', 'AddSerilog']
    .flatMap((name) => memberInvocations(root, name))
    .flatMap((invocation) => argumentExpressions(invocation))
    .find((argument) => argument.type === 'lambda_expression');
  const configuration = lambda && lambdaParameterNames(lambda).at(-1);
  const body = lambda?.childForFieldName('body');
  if (!lambda || !configuration || !body) return undefined;
  const isChainOnConfiguration =
    body.type === 'invocation_expression' && chainRoot(body).text === configuration;
  return isChainOnConfiguration
    ? appendCallToChain(text, body.endIndex, body, sinkCall)
    : appendStatementToLambda(text, lambda, [`${configuration}.${sinkCall};`]);
}

/** `new LoggerConfiguration()….CreateLogger()`: the sink goes in front of CreateLogger. */
function staticLogger(text: string, root: SyntaxNode): TextEdit | undefined {
  const createLogger = memberInvocations(root, 'CreateLogger').find((invocation) => {
    const start = chainRoot(invocation);
    return (
      start.type === 'object_creation_expression' &&
      start.childForFieldName('type')?.text === 'LoggerConfiguration'
    );
  });
  const receiver = createLogger && invocationReceiver(createLogger);
  return createLogger && receiver && appendCallToChain(text, receiver.endIndex, createLogger, sinkCall);
}

/**
 * The Sentry sink in the app's Serilog configuration: the host's (preferred) or the static logger's. A sink
 * that appsettings names already (`inSettings`) gets no second one in code.
 */
export function serilogSinkPlan(text: string, root: SyntaxNode, inSettings: boolean): CodePlan {
  const plan: CodePlan = { edits: [], notes: [], found: true };
  const sinks = descendantsOfType(root, 'invocation_expression').filter(
    (invocation) => invokedMemberName(invocation) === 'Sentry' && isSentrySink(invocation),
  );
  if (sinks.length > 0) {
    for (const sink of sinks) fixExistingSink(text, sink, plan);
    if (inSettings)
      plan.notes.push(
        'Serilog writes to Sentry twice, from Program.cs and from Serilog:WriteTo in appsettings: keep one of the two sinks.',
      );
    return plan;
  }
  if (inSettings) return plan;
  const edit = hostConfiguration(text, root) ?? staticLogger(text, root);
  return edit ? { ...plan, edits: [edit] } : { ...plan, found: false };
}
