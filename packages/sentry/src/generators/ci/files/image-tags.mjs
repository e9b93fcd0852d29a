#!/usr/bin/env node
// Written by `nx g @fundamental/sentry:ci --deployVia=gitops`; a rerun rewrites it.
//
// The image tags of a GitOps repository, as the CI workflow hands them over:
//   node image-tags.mjs payload  <images file>   the client_payload: {environment, tag, source, images}
//   node image-tags.mjs dispatch <images file>   the body of POST /repos/{owner}/{repo}/dispatches
//   node image-tags.mjs bump <repository> <payload.json> <values pattern> <tag path>
//                                                 sets each image's tag in its values file
// The images file holds a line `<project>\t<project root>` per image the workflow pushed; payload and
// dispatch read IMAGE_REGISTRY, IMAGE_TAG, DEPLOY_ENVIRONMENT, GITHUB_REPOSITORY and GITHUB_SHA.
// `bump` is also what the GitOps repository's own workflow runs on a dispatch's client_payload.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The event type the GitOps repository's workflow listens for (`on: repository_dispatch: types:`). */
const eventType = 'image-tags';
/** A repository path component of an image name (OCI distribution spec, docs/spec.md@v1.1.0). */
const projectPattern = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
/** An image tag (same spec): at most 128 characters. */
const tagPattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const environmentPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

class UsageError extends Error {}

/**
 * yaml 2.x: in the Nx workspace the plugin's own (a bare `yaml` there may be another package's 1.x), in the
 * GitOps repository the one its workflow installs.
 */
function loadYaml() {
  const require = createRequire(import.meta.url);
  const candidates = [() => createRequire(require.resolve('@fundamental/sentry/package.json'))('yaml'), () => require('yaml')];
  for (const load of candidates) {
    try {
      const yaml = load();
      if (typeof yaml.isScalar === 'function') return yaml;
    } catch {
      // not installed here: try the next
    }
  }
  throw new UsageError('needs the yaml package 2.x: npm install --no-save yaml@2');
}

function checked(what, value, pattern) {
  if (typeof value !== 'string' || !pattern.test(value))
    throw new UsageError(`${what} ${JSON.stringify(value)} is not valid (expected ${pattern}).`);
  return value;
}

function required(name) {
  const value = process.env[name];
  if (!value) throw new UsageError(`${name} is not set.`);
  return value;
}

/** The images the workflow pushed, from its images file. */
function imagesOf(file) {
  const registry = required('IMAGE_REGISTRY');
  const tag = checked('IMAGE_TAG', required('IMAGE_TAG'), tagPattern);
  const environment = checked('DEPLOY_ENVIRONMENT', required('DEPLOY_ENVIRONMENT'), environmentPattern);
  return readFileSync(file, 'utf-8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const project = checked('project', line.split('\t')[0], projectPattern);
      return { project, image: `${registry}/${project}`, tag, environment };
    });
}

/** Ten top-level properties at most: GitHub refuses a larger client_payload. */
function payloadOf(file) {
  const images = imagesOf(file);
  return {
    environment: process.env.DEPLOY_ENVIRONMENT,
    tag: process.env.IMAGE_TAG,
    source: { repository: process.env.GITHUB_REPOSITORY ?? '', commit: process.env.GITHUB_SHA ?? '' },
    images,
  };
}

/** A YAML scalar holding `tag` in the style of the one it replaces, read back as that string. */
function scalarText(yaml, tag, type) {
  if (type === 'QUOTE_SINGLE') return `'${tag}'`;
  if (type === 'QUOTE_DOUBLE') return `"${tag}"`;
  // A plain tag such as 1234 or 1e3 would read back as a number: quote it.
  return yaml.parse(tag) === tag ? tag : `"${tag}"`;
}

/** The values file's text with only the tag at `path` replaced: comments, layout and quoting stay. */
function withTag(yaml, text, path, tag, where) {
  const document = yaml.parseDocument(text);
  if (document.errors.length > 0) throw new UsageError(`${where}: not valid YAML: ${document.errors[0].message}`);
  const node = document.getIn(path, true);
  if (node === undefined) throw new UsageError(`${where} has no ${path.join('.')}: add it, then rerun.`);
  const plainScalar = yaml.isScalar(node) && ['PLAIN', 'QUOTE_SINGLE', 'QUOTE_DOUBLE'].includes(node.type);
  if (!plainScalar || (node.value !== null && typeof node.value !== 'string' && typeof node.value !== 'number'))
    throw new UsageError(`${where}: ${path.join('.')} is not a plain or quoted scalar; set it to the image tag by hand once.`);
  const [start, end] = node.range;
  const replacement = scalarText(yaml, tag, node.type);
  // An empty value (`tag:`) sits right after the colon.
  const updated = `${text.slice(0, start)}${start === end ? ' ' : ''}${replacement}${text.slice(end)}`;
  const check = yaml.parseDocument(updated);
  if (check.getIn(path) !== tag) throw new UsageError(`${where}: could not set ${path.join('.')} safely.`);
  return updated;
}

function bump(repository, payloadFile, valuesPattern, tagPath) {
  const yaml = loadYaml();
  const payload = JSON.parse(readFileSync(payloadFile, 'utf-8'));
  const path = tagPath.split('.');
  if (!path.every((segment) => /^[A-Za-z0-9_-]+$/.test(segment)))
    throw new UsageError(`tag path ${JSON.stringify(tagPath)}: expected keys joined by ".", such as image.tag.`);
  if (!Array.isArray(payload.images)) throw new UsageError(`${payloadFile}: no images list.`);
  // Every file is checked and edited in memory first: one bad entry writes nothing.
  const edits = payload.images.map(({ project, tag, environment }) => {
    const file = valuesPattern
      .replaceAll('{project}', checked('project', project, projectPattern))
      .replaceAll('{environment}', checked('environment', environment, environmentPattern));
    const full = join(repository, file);
    if (!existsSync(full))
      throw new UsageError(`${file}: no values file for ${project} in ${environment}; create it with ${tagPath}, then rerun.`);
    return [full, withTag(yaml, readFileSync(full, 'utf-8'), path, checked('tag', tag, tagPattern), file)];
  });
  for (const [file, text] of edits) writeFileSync(file, text);
  for (const { project, tag } of payload.images) console.error(`${project}: ${tag}`);
}

function main([command, ...args]) {
  if (command === 'payload' && args.length === 1) return console.log(JSON.stringify(payloadOf(args[0])));
  if (command === 'dispatch' && args.length === 1)
    return console.log(JSON.stringify({ event_type: eventType, client_payload: payloadOf(args[0]) }));
  if (command === 'bump' && args.length === 4) return bump(...args);
  throw new UsageError('usage: image-tags.mjs payload|dispatch <images file> | bump <repository> <payload.json> <values pattern> <tag path>');
}

try {
  main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`image-tags: ${error.message}`);
  process.exit(1);
}
