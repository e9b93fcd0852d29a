#!/usr/bin/env node
/**
 * A recording stand-in for `kubectl`, for testing the operations scripts where no cluster can run.
 * It implements the subset of kubectl's command line the scripts use, with kubectl's documented exit codes
 * and output shapes (`get -o jsonpath`, `--ignore-not-found`, `create` refusing an existing object, merge
 * patches of Secret `data`/`stringData`, `exec -i` piping stdin/stdout), over a cluster described by a JSON
 * state file ($KUBECTL_DOUBLE_STATE) that mutating verbs update. Every call is appended to
 * $KUBECTL_DOUBLE_LOG as one JSON line. `exec` into statefulset/postgres runs the PostgreSQL client
 * programs for real, against the server named in the state (`postgres.host`/`postgres.port`).
 *
 * Jobs follow the Kubernetes Job API (https://kubernetes.io/docs/concepts/workloads/controllers/job/):
 * `apply -k` reads the folder's manifests and creates each Job, which ends as the state's `jobOutcomes` for
 * its step (`app.kubernetes.io/name`) says at creation (default: complete, after 0 seconds); applying a Job whose
 * `spec.template` differs from the existing one fails with the API server's "field is immutable" error;
 * a finished Job keeps its condition until it is deleted. `wait --for=condition=…` returns when the
 * condition holds and otherwise blocks for its --timeout (https://kubernetes.io/docs/reference/kubectl/generated/kubectl_wait/),
 * which the double adds to `state.clock` (seconds) instead of sleeping.
 *
 * Argo CD (https://argo-cd.readthedocs.io/): with `state.argocd` set, Applications exist as a custom resource;
 * `apply -f -` of one stores it with the status `state.argocd.outcome` gives (default: the sync succeeded,
 * Synced and Healthy), `patch --type merge` applies a JSON merge patch (RFC 7386: null removes a field), and
 * `wait --for=jsonpath='{…}'=VALUE` checks a field, failing after --timeout with "timed out waiting for the
 * condition on applications/NAME" (kubernetes/kubectl pkg/cmd/wait/wait.go@v0.32.4, processJSONPathInput and
 * extendErrWaitTimeout; the real v1.32 client refuses a third `=`). Without `state.argocd` the resource type does
 * not exist, as on a cluster without Argo CD's CRDs: `get` fails with "the server doesn't have a resource type"
 * (kubernetes/cli-runtime pkg/resource/mapper.go@v0.32.4, exit 1) and `apply -f` with "resource mapping not
 * found … ensure CRDs are installed first" (kubernetes/cli-runtime pkg/resource/visitor.go@v0.32.4).
 *
 * Fault injection: `failReads: [{ resource: 'secret/NAME', key?, times }]` makes the next `times` reads of
 * that object (of that Secret key, when given) fail the way kubectl fails when the API server does not
 * answer: its message on stderr, exit status 1.
 */
'use strict';
const { appendFileSync, existsSync, readFileSync, writeFileSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const statePath = process.env.KUBECTL_DOUBLE_STATE;
const state = JSON.parse(readFileSync(statePath, 'utf-8'));
const save = () => writeFileSync(statePath, JSON.stringify(state, null, 2));

/** Splits kubectl's global flags from the command; `--flag value` and `--flag=value` both work. */
function parse(argv) {
  const flags = {};
  const words = [];
  let rest = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      rest = argv.slice(i + 1);
      break;
    }
    const long = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    const valued = [
      'namespace',
      'context',
      'output',
      'selector',
      'type',
      'patch',
      'patch-file',
      'from-file',
      'image',
      'for',
      'timeout',
      'replicas',
      'since',
      'tail',
      'restart',
      'request-timeout',
      'raw',
      'field-selector',
      'cascade',
      'overrides',
    ];
    if (long) {
      const [, name, value] = long;
      if (value !== undefined) flags[name] = value;
      else if (valued.includes(name)) flags[name] = argv[++i];
      else flags[name] = true;
    } else if (arg === '-o' || arg === '-l' || arg === '-n') {
      flags[{ '-o': 'output', '-l': 'selector', '-n': 'namespace' }[arg]] = argv[++i];
    } else if (arg === '-i') flags.stdin = true;
    else if (arg === '-A') flags['all-namespaces'] = true;
    else if (arg === '-k') flags.kustomize = argv[++i];
    else if (arg === '-f') flags.filename = argv[++i];
    else words.push(arg);
  }
  return { flags, words, rest };
}

const fail = (message, code = 1) => {
  process.stderr.write(`${message}\n`);
  process.exit(code);
};
const readStdin = () => readFileSync(0);
const jsonpathKey = (output) => /^jsonpath=\{\.data\.(.+)\}$/.exec(output ?? '')?.[1]?.replace(/\\\./g, '.');

/**
 * kubectl's JSONPath output (https://kubernetes.io/docs/reference/kubectl/jsonpath/) for the templates the
 * scripts use: field paths such as `{.status.capacity.memory}`, quoted literals such as `{" "}` and `{"\n"}`,
 * and `{range .items[*]}…{end}`.
 */
function jsonpath(output, object) {
  const template =
    /^jsonpath=(.*)$/s.exec(output ?? '')?.[1] ?? fail(`the double does not implement -o ${output}`, 99);
  const tokens = [...template.matchAll(/\{([^{}]*)\}|([^{}]+)/g)].map(([, expression, text]) =>
    expression === undefined ? { text } : { expression: expression.trim() },
  );
  // A `\.` is a dot inside a key, as in `{.metadata.annotations.argocd\.argoproj\.io/tracking-id}`.
  const field = (value, path) =>
    path
      .split(/(?<!\\)\./)
      .filter(Boolean)
      .map((key) => key.replace(/\\\./g, '.'))
      .reduce((current, key) => current?.[key], value);
  const evaluate = (list, value) => {
    let out = '';
    for (let i = 0; i < list.length; i++) {
      const { text, expression } = list[i];
      if (text !== undefined) out += text;
      else if (expression.startsWith('"')) out += JSON.parse(expression);
      else if (expression.startsWith('range ')) {
        // The `end` of this range: nested ranges open and close in between.
        let depth = 0;
        const end = list.findIndex((token, index) => {
          if (index <= i) return false;
          if (token.expression?.startsWith('range ')) depth += 1;
          else if (token.expression === 'end') depth -= 1;
          return depth < 0;
        });
        const items = field(value, expression.slice('range '.length).replace(/\[\*\]$/, '')) ?? [];
        for (const item of items) out += evaluate(list.slice(i + 1, end), item);
        i = end;
      } else {
        // kubectl prints a map or list as JSON, a missing field as nothing (--allow-missing-template-keys).
        const found = field(value, expression);
        out += found !== null && typeof found === 'object' ? JSON.stringify(found) : String(found ?? '');
      }
    }
    return out;
  };
  return evaluate(tokens, object);
}

/** The folder of the stack a path names, whether the stack sits in place or was copied to a temp dir. */
function stackFolder(dir) {
  const parts = dir.replace(/\/+$/, '').split('/');
  if (parts.at(-1) === '.') return '.';
  return parts.at(-2) === 'components' ? parts.slice(-2).join('/') : parts.at(-1);
}

/** The objects `kubectl apply -k dir` sends: every document of the kustomization's resources. */
function kustomizationObjects(dir) {
  const { parse, parseAllDocuments } = require('yaml');
  const kustomization = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf-8'));
  return (kustomization.resources ?? []).flatMap((resource) => {
    const text = readFileSync(join(dir, resource), 'utf-8');
    // Only Jobs are modelled; reading nothing else keeps the double quick.
    if (!/^kind: Job$/m.test(text)) return [];
    return parseAllDocuments(text)
      .map((document) => document.toJS())
      .filter(Boolean);
  });
}

/** kubectl's label selectors (`key=value`, `key!=value`, `key`, `!key`, comma = and). */
function matchesLabels(selector, labels = {}) {
  return (selector ?? '')
    .split(',')
    .filter(Boolean)
    .every((term) => {
      const [, not, key, op, value] = /^(!?)([^=!]+)(!?=)?(.*)$/.exec(term);
      if (!op) return not ? !(key in labels) : key in labels;
      return op === '=' ? labels[key] === value : labels[key] !== value;
    });
}

/**
 * Field selectors (`field=x`, `field!=x`, comma = and) over the fields the API server supports for the
 * objects the scripts select: metadata.name and metadata.namespace (every resource), and a pod's spec.nodeName
 * and status.phase (kubernetes/kubernetes pkg/registry/core/pod/strategy.go@v1.33.0, ToSelectableFields).
 */
function matchesFields(selector, object) {
  const supported = ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'status.phase'];
  return (selector ?? '')
    .split(',')
    .filter(Boolean)
    .every((term) => {
      const [, field, op, value] = /^([^=!]+)(!?=)(.*)$/.exec(term);
      if (!supported.includes(field)) fail(`the double does not implement --field-selector ${field}`, 99);
      const actual = field.split('.').reduce((current, key) => current?.[key], object) ?? '';
      return op === '=' ? actual === value : actual !== value;
    });
}

/** Seconds of a kubectl duration such as 0s, 20s, 60m or 1h (30s when absent, as kubectl wait). */
function seconds(duration = '30s') {
  const [, amount, unit] = /^(\d+)(s|m|h)?$/.exec(duration) ?? fail(`invalid --timeout ${duration}`);
  return Number(amount) * { s: 1, m: 60, h: 3600 }[unit ?? 's'];
}

const argv = process.argv.slice(2);
const { flags, words, rest } = parse(argv);
appendFileSync(
  process.env.KUBECTL_DOUBLE_LOG,
  `${JSON.stringify({ argv, via: process.env.KUBECTL_DOUBLE_VIA ?? 'kubectl' })}\n`,
);

const [verb, kind, ...names] = words;
const name = names[0];
const namespaces = (state.namespaces ??= []);
const secrets = (state.secrets ??= {});
const jobs = (state.jobs ??= {});
const applications = (state.applications ??= {});
const noApplications = () => fail(`error: the server doesn't have a resource type "${kind}"`);

/** A JSON merge patch (RFC 7386), as `kubectl patch --type merge` sends it: null removes, objects merge. */
function mergePatch(target, patch) {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

const refused =
  'The connection to the server 127.0.0.1:16443 was refused - did you specify the right host or port?';
if (verb === 'get') {
  const fault = (state.failReads ?? []).find(
    (entry) =>
      entry.times > 0 &&
      entry.resource === `${kind}/${name}` &&
      (!entry.key || entry.key === jsonpathKey(flags.output)),
  );
  if (fault) {
    fault.times -= 1;
    save();
    fail(refused);
  }
}
/** `kubectl get KIND NAME --ignore-not-found -o name` of an object the state may or may not hold. */
const found = (exists, resource) => {
  if (flags.output === 'name') {
    if (exists) console.log(`${resource}/${name}`);
    else if (!flags['ignore-not-found'])
      fail(`Error from server (NotFound): ${resource}s "${name}" not found`);
    process.exit(0);
  }
};

if (!state.reachable) fail(refused);

switch (verb) {
  case 'get': {
    if (flags.raw) {
      process.stdout.write('ok');
      break;
    }
    if (kind === 'storageclass')
      (state.storageClasses ?? []).includes(name)
        ? console.log(name)
        : fail(`storageclasses "${name}" not found`);
    else if (kind === 'ingressclass')
      (state.ingressClasses ?? []).includes(name)
        ? console.log(name)
        : fail(`ingressclasses "${name}" not found`);
    else if (kind === 'clusterissuer' || kind === 'issuer') {
      const issuers = kind === 'clusterissuer' ? state.clusterIssuers : state.issuers;
      (issuers ?? []).includes(name)
        ? console.log(name)
        : fail(`${kind}s.cert-manager.io "${name}" not found`);
    } else if (kind === 'service') state.dns ? console.log(name) : fail(`services "${name}" not found`);
    else if (kind === 'namespace' && flags.output === 'name') found(namespaces.includes(name), 'namespace');
    else if (kind === 'secret' && flags.output === 'name') found(Boolean(secrets[name]), 'secret');
    else if (kind === 'namespace')
      namespaces.includes(name) ? console.log(name) : fail(`namespaces "${name}" not found`);
    else if (kind === 'nodes') {
      const items = (state.nodes ?? [])
        .map(({ name: node, labels = {}, memory, cpu, capacity }, index) => ({
          metadata: { name: node ?? `node-${index + 1}`, labels },
          status: { allocatable: { memory, cpu }, capacity: capacity ?? { memory, cpu } },
        }))
        .filter(({ metadata }) => matchesLabels(flags.selector, metadata.labels));
      process.stdout.write(jsonpath(flags.output, { items }));
    } else if (kind === 'pods' && flags['all-namespaces']) {
      // Pods as the scheduler placed them (`state.scheduledPods`), for the field selectors the API supports.
      // Quantities as a pod spec holds them: a field only when set (kubernetes/api core/v1/types.go@v0.33.0).
      const quantities = ({ memory, cpu }) => ({ ...(memory ? { memory } : {}), ...(cpu ? { cpu } : {}) });
      const items = (state.scheduledPods ?? [])
        .map(({ name: pod, namespace, node, phase = 'Running', containers, initContainers, overhead }) => ({
          metadata: { name: pod, namespace },
          spec: {
            nodeName: node,
            ...(initContainers
              ? {
                  initContainers: initContainers.map((container) => ({
                    ...(container.restartPolicy ? { restartPolicy: container.restartPolicy } : {}),
                    resources: { requests: quantities(container) },
                  })),
                }
              : {}),
            containers: containers.map((container) => ({ resources: { requests: quantities(container) } })),
            ...(overhead ? { overhead: quantities(overhead) } : {}),
          },
          status: { phase },
        }))
        .filter((pod) => matchesFields(flags['field-selector'], pod));
      process.stdout.write(jsonpath(flags.output, { items }));
    } else if (kind === 'secret' && flags.output === 'yaml')
      console.log(
        `kind: List\nitems: ${JSON.stringify(names.filter((n) => secrets[n]).map((n) => ({ kind: 'Secret', metadata: { name: n }, data: secrets[n] })))}`,
      );
    else if (kind === 'secret') {
      const secret = secrets[name];
      if (!secret) flags['ignore-not-found'] ? process.exit(0) : fail(`secrets "${name}" not found`);
      const key = jsonpathKey(flags.output);
      process.stdout.write(key ? (secret[key] ?? '') : flags.output === 'name' ? `secret/${name}\n` : name);
    } else if (kind === 'configmap')
      console.log(`kind: List\nitems: ${JSON.stringify(state.configMaps ?? [])}`);
    else if (kind === 'deployment' && !name)
      process.stdout.write(
        Object.entries(state.deployments ?? {})
          .map(([deployment, { replicas }]) => `${deployment} ${replicas}\n`)
          .join(''),
      );
    else if (kind === 'deployment') {
      const deployment = state.deployments?.[name];
      if (!deployment)
        flags['ignore-not-found'] ? process.exit(0) : fail(`deployments.apps "${name}" not found`);
      process.stdout.write(
        String(flags.output.includes('version') ? deployment.version : deployment.replicas),
      );
    } else if (kind === 'statefulset') process.stdout.write(state.statefulsets?.[name]?.image ?? '');
    else if (kind === 'applications' || kind === 'application') {
      if (!state.argocd) noApplications();
      if (!name) {
        for (const application of Object.keys(applications))
          console.log(`application.argoproj.io/${application}`);
      } else if (applications[name]) process.stdout.write(jsonpath(flags.output, applications[name]));
      else if (!flags['ignore-not-found'])
        fail(`Error from server (NotFound): applications.argoproj.io "${name}" not found`);
    } else if (kind === 'pods' && flags.output === 'name') {
      // `--selector 'app.kubernetes.io/name in (a,b)'`: pods are named after their component (web-1).
      const components = /\(([^)]*)\)/.exec(flags.selector ?? '')?.[1].split(',') ?? [];
      for (const [pod] of state.pods ?? [])
        if (components.some((component) => pod.startsWith(`${component}-`))) console.log(`pod/${pod}`);
    } else if (kind === 'cronjob')
      process.stdout.write(
        Object.entries(state.cronJobs ?? {})
          .map(([cronJob, { suspend }]) => `${cronJob} ${suspend}\n`)
          .join(''),
      );
    else if (kind === 'pods')
      process.stdout.write((state.pods ?? []).map((pod) => `${pod.join('|')}\n`).join(''));
    else fail(`the double does not implement get ${kind}`, 99);
    break;
  }
  case 'create': {
    if (kind === 'namespace') {
      if (namespaces.includes(name)) fail(`namespaces "${name}" already exists`);
      namespaces.push(name);
    } else if (kind === 'secret') {
      const secretName = names[1];
      if (secrets[secretName])
        fail(`Error from server (AlreadyExists): secrets "${secretName}" already exists`);
      const dryRun = flags['dry-run'] === 'server';
      if (state.refuseSecretCreate === 'always' || (state.refuseSecretCreate === 'after-dry-run' && !dryRun))
        fail(
          `Error from server (Forbidden): secrets is forbidden: User "ops" cannot create resource "secrets" in API group "" in the namespace "${flags.namespace}"`,
        );
      // --dry-run=server: the server's checks (existence, RBAC, admission) without storing anything.
      if (dryRun) break;
      secrets[secretName] = {};
      const fromFile = flags['from-file'];
      if (fromFile) {
        const [key, path] = fromFile.split('=');
        secrets[secretName][key] = (path === '/dev/stdin' ? readStdin() : readFileSync(path)).toString(
          'base64',
        );
      }
    } else fail(`the double does not implement create ${kind}`, 99);
    save();
    break;
  }
  case 'patch': {
    const source = flags['patch-file'];
    const patch = JSON.parse(
      source === undefined
        ? flags.patch
        : source === '/dev/stdin'
          ? readStdin().toString()
          : readFileSync(source, 'utf-8'),
    );
    if (kind === 'application') {
      if (!state.argocd) noApplications();
      if (flags.type !== 'merge')
        fail(
          'Error from server (UnsupportedMediaType): the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
        );
      applications[name] = mergePatch(
        applications[name] ??
          fail(`Error from server (NotFound): applications.argoproj.io "${name}" not found`),
        patch,
      );
      console.log(`application.argoproj.io/${name} patched`);
      save();
      break;
    }
    if (kind === 'cronjob') {
      const cronJob = state.cronJobs?.[name] ?? fail(`cronjobs.batch "${name}" not found`);
      cronJob.suspend = patch.spec.suspend;
      save();
      break;
    }
    const secret = secrets[name] ?? fail(`secrets "${name}" not found`);
    Object.assign(secret, patch.data ?? {});
    for (const [key, value] of Object.entries(patch.stringData ?? {}))
      secret[key] = Buffer.from(value).toString('base64');
    save();
    break;
  }
  case 'run':
    process.stdout.write(state.relayCredentials);
    break;
  case 'apply': {
    if (flags.filename !== undefined) {
      if (flags.filename !== '-') fail(`the double does not implement apply -f ${flags.filename}`, 99);
      const { parseAllDocuments } = require('yaml');
      for (const object of parseAllDocuments(readStdin().toString()).map((document) => document.toJS())) {
        if (object.kind !== 'Application')
          fail(`the double does not implement apply -f of ${object.kind}`, 99);
        const applicationName = object.metadata.name;
        if (!state.argocd)
          fail(
            `error: resource mapping not found for name: "${applicationName}" namespace: "${object.metadata.namespace}" from "STDIN": no matches for kind "Application" in version "argoproj.io/v1alpha1"\nensure CRDs are installed first`,
          );
        const {
          sync = 'Synced',
          health = 'Healthy',
          phase = 'Succeeded',
          message = 'successfully synced',
        } = state.argocd.outcome ?? {};
        const existed = Boolean(applications[applicationName]);
        applications[applicationName] = {
          ...object,
          status: { sync: { status: sync }, health: { status: health }, operationState: { phase, message } },
        };
        console.log(`application.argoproj.io/${applicationName} ${existed ? 'configured' : 'created'}`);
      }
      save();
      break;
    }
    const dir = flags.kustomize;
    if (!existsSync(`${dir}/kustomization.yaml`))
      fail(`error: unable to find one of 'kustomization.yaml' in directory '${dir}'`);
    (state.applied ??= []).push({ folder: stackFolder(dir), selector: flags.selector ?? null });
    const errors = [];
    for (const object of kustomizationObjects(dir)) {
      if (object.kind !== 'Job' || !matchesLabels(flags.selector, object.metadata.labels)) continue;
      const { name: jobName, labels } = object.metadata;
      const existing = jobs[jobName];
      if (existing && JSON.stringify(existing.template) !== JSON.stringify(object.spec.template)) {
        errors.push(
          `The Job "${jobName}" is invalid: spec.template: Invalid value: core.PodTemplateSpec{…}: field is immutable`,
        );
        continue;
      }
      if (existing) {
        console.log(`job.batch/${jobName} unchanged`);
        continue;
      }
      const outcome = state.jobOutcomes?.[labels['app.kubernetes.io/name']] ?? {};
      jobs[jobName] = {
        labels,
        template: object.spec.template,
        status: outcome.status ?? 'complete',
        finishesAt: (state.clock ?? 0) + (outcome.seconds ?? 0),
        logs: outcome.logs ?? '',
      };
      console.log(`job.batch/${jobName} created`);
    }
    save();
    if (errors.length) fail(errors.map((error) => `Error from server (Invalid): ${error}`).join('\n'));
    break;
  }
  case 'wait': {
    const [, target] = words;
    const applicationName = /^application\/(.+)$/.exec(target)?.[1];
    if (applicationName !== undefined) {
      if (!state.argocd) noApplications();
      const application =
        applications[applicationName] ??
        fail(`Error from server (NotFound): applications.argoproj.io "${applicationName}" not found`);
      const [, path, expected] =
        /^jsonpath=(\{[^}]*\})=(.*)$/.exec(flags.for ?? '') ??
        fail(`the double does not implement --for=${flags.for}`, 99);
      if (jsonpath(`jsonpath=${path}`, application) === expected) {
        console.log(`application.argoproj.io/${applicationName} condition met`);
        break;
      }
      state.clock = (state.clock ?? 0) + seconds(flags.timeout);
      save();
      fail(`error: timed out waiting for the condition on applications/${applicationName}`);
    }
    const jobName =
      /^job\/(.+)$/.exec(target)?.[1] ?? fail(`the double does not implement wait ${target}`, 99);
    const job = jobs[jobName] ?? fail(`Error from server (NotFound): jobs.batch "${jobName}" not found`);
    const condition = /^condition=(.+)$/.exec(flags.for)?.[1]?.toLowerCase();
    const clock = state.clock ?? 0;
    // A Job holds its final condition from `finishesAt` on; wait returns once it holds within the timeout.
    if (job.status === condition && (job.finishesAt ?? 0) <= clock + seconds(flags.timeout)) {
      state.clock = Math.max(clock, job.finishesAt ?? 0);
      save();
      console.log(`job.batch/${jobName} condition met`);
      break;
    }
    state.clock = clock + seconds(flags.timeout);
    save();
    fail(`error: timed out waiting for the condition on jobs/${jobName}`);
    break;
  }
  case 'delete': {
    if (kind !== 'job') fail(`the double does not implement delete ${kind}`, 99);
    const doomed = names.length
      ? names
      : Object.keys(jobs).filter(
          (jobName) =>
            matchesLabels(flags.selector, jobs[jobName].labels) &&
            matchesFields(flags['field-selector'], { metadata: { name: jobName } }),
        );
    for (const jobName of doomed) {
      if (!jobs[jobName]) {
        if (flags['ignore-not-found']) continue;
        fail(`Error from server (NotFound): jobs.batch "${jobName}" not found`);
      }
      delete jobs[jobName];
      console.log(`job.batch "${jobName}" deleted`);
    }
    save();
    break;
  }
  case 'rollout':
  case 'scale':
    if (verb === 'scale') {
      state.deployments[names[0]].replicas = Number(flags.replicas);
      // A Deployment scaled to 0 has no pod left (the double skips the termination grace period).
      if (Number(flags.replicas) === 0)
        state.pods = (state.pods ?? []).filter(([pod]) => !pod.startsWith(`${names[0]}-`));
      save();
    }
    break;
  case 'logs':
    process.stdout.write(jobs[/^job\/(.+)$/.exec(kind)?.[1]]?.logs ?? state.logs?.[kind] ?? '');
    break;
  case 'exec': {
    const [program] = rest.filter((word) => !word.includes('=') || word.startsWith('-'));
    if (kind === 'deploy/web' && rest.includes('sentry')) {
      process.stdout.write(`${state.token}\n`);
    } else if (kind === 'statefulset/postgres') {
      if (!state.postgres) fail('error: unable to upgrade connection: container not found ("postgres")');
      const result = spawnSync(program, rest.slice(1), {
        input: flags.stdin ? readStdin() : undefined,
        env: { ...process.env, PGHOST: state.postgres.host, PGPORT: String(state.postgres.port) },
        maxBuffer: 256 * 1024 * 1024,
      });
      process.stdout.write(result.stdout);
      process.stderr.write(result.stderr);
      process.exit(result.status ?? 1);
    } else process.stdout.write(state.execOutput?.[`${kind} ${program}`] ?? '');
    break;
  }
  default:
    fail(`the double does not implement ${verb}`, 99);
}
