import { readJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type BootstrapState,
  type BootstrapStateFile,
  defaultBootstrapState,
  readBootstrapState,
  writeBootstrapState,
} from './desired-state';
import { seedBootstrapState } from '../testing/sentry-api/seed-state';
import { validateState } from './validate-state';

const file = 'infra/sentry/sentry-bootstrap.json';
const seed = () => structuredClone(seedBootstrapState) as BootstrapState;

describe('writeBootstrapState', () => {
  let tree: Tree;
  beforeEach(() => (tree = createTreeWithEmptyWorkspace()));

  it('writes the given organization and team, no project or repository, and alerts that watch every project', () => {
    expect(writeBootstrapState(tree, 'infra/sentry', defaultBootstrapState('acme', 'platform'))).toBe(true);
    const written = readJson<BootstrapStateFile>(tree, file);
    expect(written.organization).toEqual({ slug: 'acme', name: 'acme' });
    expect(written.team).toEqual({ slug: 'platform', name: 'platform' });
    expect(written.projects).toEqual([]);
    expect(written.github).toEqual({ repositories: [], codeMappings: [] });
    expect(written.alerts.map(({ name, action, projects }) => [name, action, projects])).toEqual([
      ['Error rate above 5%', 'email-team', undefined],
      ['New issue', 'email-team', undefined],
      ['Regression of a resolved issue', 'email-team', undefined],
      ['p95 latency above 2 s', 'email-team', undefined],
    ]);
    expect(JSON.stringify(written)).not.toMatch(/fundamental|PeSahm/i);
  });

  it("keeps the user's edited file exactly as it is", () => {
    writeBootstrapState(tree, 'infra/sentry', defaultBootstrapState('acme', 'acme'));
    const edited = `${JSON.stringify({ ...seed(), ciToken: { name: 'github-actions' } }, null, 4)}\n`;
    tree.write(file, edited);
    expect(writeBootstrapState(tree, 'infra/sentry', defaultBootstrapState('other', 'other'))).toBe(false);
    expect(tree.read(file, 'utf-8')).toBe(edited);
  });

  it('refuses an invalid value by field before writing', () => {
    expect(() =>
      writeBootstrapState(tree, 'infra/sentry', defaultBootstrapState('acme', 'Platform Team')),
    ).toThrow(`Invalid team.slug "Platform Team" in ${file}: expected a Sentry slug`);
    expect(tree.exists(file)).toBe(false);
  });
});

describe('validateState', () => {
  type Json = Record<string | number, unknown>;
  /** The seed with the value at `path` replaced, or removed when `value` is undefined. */
  function seedWith(path: Array<string | number>, value: unknown): Json {
    const state = seed() as unknown as Json;
    const parent = path.slice(0, -1).reduce<Json>((node, key) => node[key] as Json, state);
    const last = path[path.length - 1];
    if (value === undefined) delete parent[last];
    else parent[last] = value;
    return state;
  }

  it('accepts the seed', () => expect(validateState(seed(), file)).toEqual(seedBootstrapState));

  it('resolves an alert without a project list to every project of the file, none while there is none', () => {
    const state = { ...defaultBootstrapState('acme', 'acme'), projects: seed().projects };
    expect(validateState(state, file).alerts.map(({ projects }) => projects)).toEqual(
      Array(4).fill(['dotnet-backend', 'angular-frontend']),
    );
    expect(validateState(defaultBootstrapState('acme', 'acme'), file).alerts[0].projects).toEqual([]);
  });

  it.each([
    [
      'a missing section',
      ['team'],
      undefined,
      `Missing team in ${file}: expected an object with slug, name.`,
    ],
    [
      'a misspelt field',
      ['projects', 1],
      { slug: 'web', name: 'web', platfrom: 'javascript' },
      `Unknown field projects[1].platfrom in ${file}: expected only slug, name, platform.`,
    ],
    [
      'failure_rate() as a percentage',
      ['alerts', 0, 'above'],
      5,
      `Invalid alerts[0].above 5 in ${file}: expected a ratio between 0 and 1 for failure_rate(), e.g. 0.05 for 5 %.`,
    ],
    [
      'a transaction-based alert, which Sentry 26.8 refuses with our flags',
      ['alerts', 0, 'dataset'],
      'transactions',
      `Invalid alerts[0].dataset "transactions" in ${file}: expected "spans" (Sentry 26.8 refuses transaction-based alerts`,
    ],
    [
      'a transaction aggregate on spans',
      ['alerts', 3, 'aggregate'],
      'p95(transaction.duration)',
      `Invalid alerts[3].aggregate "p95(transaction.duration)" in ${file}: expected an aggregate of the span dataset`,
    ],
    [
      'an alert on an unknown project',
      ['alerts', 1, 'projects'],
      ['dotnet-backend', 'mobile'],
      `Invalid alerts[1].projects[1] "mobile" in ${file}: expected one of the projects: dotnet-backend, angular-frontend.`,
    ],
    [
      'an action that needs an integration',
      ['alerts', 2, 'action'],
      'slack',
      `Invalid alerts[2].action "slack" in ${file}: expected "email-team"`,
    ],
    [
      'a time window Sentry does not offer',
      ['alerts', 3, 'timeWindowMinutes'],
      7,
      `Invalid alerts[3].timeWindowMinutes 7 in ${file}: expected one of 1, 5, 10, 15, 30, 60, 120, 240, 1440 minutes.`,
    ],
    [
      'two alerts with one name',
      ['alerts', 2, 'name'],
      'New issue',
      `Invalid alerts[2].name "New issue" in ${file}: expected a name no other alert has`,
    ],
    [
      'two projects with one slug',
      ['projects', 1, 'slug'],
      'dotnet-backend',
      `Invalid projects[1].slug "dotnet-backend" in ${file}: expected a slug no other project has.`,
    ],
    [
      'a code mapping to a repository not listed',
      ['github', 'codeMappings', 0, 'repository'],
      'PeSahm/Other',
      `Invalid github.codeMappings[0].repository "PeSahm/Other" in ${file}: expected one of github.repositories`,
    ],
    [
      'a stack root with a space',
      ['github', 'codeMappings', 0, 'stackRoot'],
      'C:/build agent/',
      `Invalid github.codeMappings[0].stackRoot "C:/build agent/" in ${file}: expected a path without spaces or quotes`,
    ],
    [
      // The same branch rule as the ci generator's --mainBranch (git check-ref-format).
      'a branch git refuses',
      ['github', 'codeMappings', 0, 'defaultBranch'],
      'release..2',
      `Invalid github.codeMappings[0].defaultBranch "release..2" in ${file}: expected a branch name such as main`,
    ],
  ])('refuses %s, naming the field', (_, path, value, message) => {
    expect(() => validateState(seedWith(path, value), file)).toThrow(message);
  });
});

describe('readBootstrapState', () => {
  let directory: string;
  beforeEach(() => (directory = mkdtempSync(join(tmpdir(), 'sentry-state-'))));
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('says which file is not JSON', () => {
    writeFileSync(join(directory, 'state.json'), '{ "organization": ');
    expect(() => readBootstrapState(join(directory, 'state.json'), 'infra/state.json')).toThrow(
      'infra/state.json is not valid JSON:',
    );
  });
});

/**
 * Enough of Sentry's search syntax for the seed's queries (getsentry/sentry src/sentry/api/event_search.py
 * @00155e92310d8abafc27cc6f88e136a91428308f: `text_filter = negation? text_key sep operator? search_value`,
 * `text_in_filter` for `[a,b]`, `*` a wildcard) over one span's attributes.
 */
function spanMatches(query: string, span: Record<string, string>): boolean {
  return (query.match(/\S+/g) ?? []).every((term) => {
    const [, negated, key, value] = /^(!?)([\w.]+):(.*)$/.exec(term) ?? [];
    const values = value.startsWith('[') ? value.slice(1, -1).split(',') : [value];
    const pattern = (text: string) => new RegExp(`^${text.split('*').map(escapeRegex).join('.*')}$`);
    const hit = key in span && values.some((text) => pattern(text).test(span[key]));
    return negated ? !hit : hit;
  });
}
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe("the seed's error-rate alert", () => {
  const alert = seedBootstrapState.alerts.find(({ name }) => name === 'Error rate above 5%');
  const query = alert?.type === 'metric' ? alert.query : '';
  // Relay keeps only ok/error in a v2 span's status (getsentry/relay span_v1_status_to_span_v2_status):
  // the SDK's detail (not_found…) moves to sentry.status.message, the HTTP code stays in sentry.status_code.
  const request = (status: 'ok' | 'error', code: string) => ({
    is_transaction: 'true',
    'span.status': status,
    'span.status.message': code === '404' ? 'not_found' : '',
    'span.status_code': code,
  });

  it('leaves requests answered with a 4xx out of the rate, whatever the span status says', () => {
    for (const code of ['400', '401', '403', '404', '409', '429'])
      expect([code, spanMatches(query, request('error', code))]).toEqual([code, false]);
  });

  it('keeps failed (5xx) and successful requests in the rate', () => {
    expect(spanMatches(query, request('error', '500'))).toBe(true);
    expect(spanMatches(query, request('error', '503'))).toBe(true);
    expect(spanMatches(query, request('ok', '200'))).toBe(true);
    expect(spanMatches(query, { ...request('ok', '200'), is_transaction: 'false' })).toBe(false);
  });
});
