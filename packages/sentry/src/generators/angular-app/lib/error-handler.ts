import { logger } from '@nx/devkit';
import { Node, type ClassDeclaration } from 'ts-morph';

/**
 * Keeps the app's own ErrorHandler and makes it report to Sentry: it extends Sentry's handler (Angular allows
 * one ErrorHandler) and calls `super.handleError` first. Sentry's handler does not log again
 * (`logErrors: false`): the app's handler already decides what reaches the console.
 */
export function makeErrorHandlerReport(errorHandler: ClassDeclaration, alias: string): void {
  const sentryHandler = `${alias}.SentryErrorHandler`;
  const base = errorHandler.getExtends()?.getExpression().getText();
  if (base === sentryHandler || base?.endsWith('.SentryErrorHandler')) return;
  if (base && base !== 'ErrorHandler') {
    logger.warn(
      `${errorHandler.getName()} extends ${base}: make it (or ${base}) extend ${sentryHandler} to report errors to Sentry.`,
    );
    return;
  }
  errorHandler.setExtends(sentryHandler);

  const [constructor] = errorHandler.getConstructors();
  if (!constructor) {
    errorHandler.insertConstructor(0, { statements: ['super({ logErrors: false });'] });
  } else if (!constructor.getStatements().some((statement) => statement.getText().startsWith('super('))) {
    constructor.insertStatements(0, 'super({ logErrors: false });');
  }

  const handleError = errorHandler.getMethod('handleError');
  if (!handleError) return;
  if (!handleError.hasModifier('override')) handleError.toggleModifier('override', true);
  const parameter = handleError.getParameters()[0]?.getName();
  const callsSuper = handleError
    .getStatements()
    .some(
      (statement) =>
        Node.isExpressionStatement(statement) && statement.getText().startsWith('super.handleError('),
    );
  if (parameter && !callsSuper) handleError.insertStatements(0, `super.handleError(${parameter});`);
}
