import { apiServerRuleProblems } from './api-server-rules';
import { describeObject, type KubernetesObject } from './kubernetes-object';
import { knownApiVersions, modelClassFor } from './model-classes';
import { trackFieldReads } from './unknown-fields';

/**
 * Checks each object as the API server would on `kubectl apply`, without a cluster:
 * - against the Kubernetes OpenAPI schema (kubernetes-models): types, required fields, enums;
 * - for fields the schema does not declare (a misspelt field would otherwise be dropped);
 * - for the name, label and consistency rules in {@link apiServerRuleProblems}.
 * Returns one human-readable line per problem, each starting `Kind/name`; empty when all is valid.
 * An apiVersion/kind without a model is a problem: silently skipping it would hide typos.
 */
export function validateSchemas(objects: KubernetesObject[]): string[] {
  return objects.flatMap((object) => {
    const model = modelClassFor(object.apiVersion, object.kind);
    if (!model) {
      return [
        `${describeObject(object)}: unknown apiVersion/kind "${object.apiVersion}" ${object.kind}` +
          ` (known API versions: ${knownApiVersions.join(', ')})`,
      ];
    }
    return [...schemaProblems(object, model.prototype.validate), ...apiServerRuleProblems(object)];
  });
}

interface AjvError {
  instancePath: string;
  message?: string;
  params?: { allowedValues?: unknown[] };
}

function schemaProblems(object: KubernetesObject, validate: () => void): string[] {
  const where = describeObject(object);
  // The model's validate() checks `this`; calling it on the tracked data (instead of a model
  // instance, which would copy the data) lets us see which fields the schema read.
  const { tracked, unreadFieldPaths } = trackFieldReads(object);
  const problems: string[] = [];
  try {
    validate.call(tracked);
  } catch (error) {
    const errors = (error as { errors?: AjvError[] }).errors;
    if (!Array.isArray(errors)) throw error;
    problems.push(
      ...errors.map((ajvError) => `${where} ${pathOf(ajvError.instancePath)}: ${messageOf(ajvError)}`),
    );
  }
  problems.push(
    ...unreadFieldPaths().map((path) => `${where} ${pathOf(path)}: unknown field (not in the schema)`),
  );
  return problems;
}

/** `/spec/containers/0/name` → `spec.containers[0].name`, matching the other checks' paths. */
function pathOf(jsonPointer: string): string {
  if (jsonPointer === '') return '(root)';
  return jsonPointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment, index) => {
      if (/^\d+$/.test(segment)) return `[${segment}]`;
      if (/^[A-Za-z_$][\w$]*$/.test(segment)) return index === 0 ? segment : `.${segment}`;
      return `[${JSON.stringify(segment)}]`;
    })
    .join('');
}

function messageOf({ message, params }: AjvError): string {
  const allowed = params?.allowedValues;
  return Array.isArray(allowed) ? `${message} (${allowed.join(', ')})` : (message ?? 'is invalid');
}
