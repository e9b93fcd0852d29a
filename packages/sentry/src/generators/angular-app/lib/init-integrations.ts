import { type ArrayLiteralExpression, Node, type ObjectLiteralExpression, SyntaxKind } from 'ts-morph';

/** The literal `integrations: [...]` array of Sentry.init's options, when it is one (not a variable or a call). */
export function integrationsArray(options: ObjectLiteralExpression): ArrayLiteralExpression | undefined {
  const integrations = options.getProperty('integrations');
  return integrations && Node.isPropertyAssignment(integrations)
    ? integrations.getInitializerIfKind(SyntaxKind.ArrayLiteralExpression)
    : undefined;
}
