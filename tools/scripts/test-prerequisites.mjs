#!/usr/bin/env node
// First step of `npm test` (and `npm run test:unit`): the tests drive real tools, so make sure they are here
// before anything runs. Debian packages are installed when we may (root with apt-get); otherwise this stops
// with the list of what is missing and the one command that installs it. Tools that are not Debian packages
// here (kubectl, the .NET SDK) are named with where to get them.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const onPath = (command) => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', command]).status === 0;
const postgresServer = () =>
  existsSync('/usr/lib/postgresql') &&
  readdirSync('/usr/lib/postgresql').some((version) =>
    existsSync(`/usr/lib/postgresql/${version}/bin/initdb`),
  );

/** What the suites run for real, and the Debian package that brings each. */
const debianTools = [
  {
    need: 'shellcheck (operations scripts, workflow run steps)',
    present: () => onPath('shellcheck'),
    pkg: 'shellcheck',
  },
  {
    need: 'ansible-playbook (the generated playbook)',
    present: () => onPath('ansible-playbook'),
    pkg: 'ansible',
  },
  {
    need: 'ansible-lint (the generated playbook)',
    present: () => onPath('ansible-lint'),
    pkg: 'ansible-lint',
  },
  { need: 'PostgreSQL server (backup/restore round trip)', present: postgresServer, pkg: 'postgresql' },
  { need: 'Chromium (the Angular wiring in a browser)', present: () => onPath('chromium'), pkg: 'chromium' },
];
const otherTools = [
  {
    need: 'kubectl with kustomize (renders every manifest)',
    present: () => onPath('kubectl'),
    how: 'https://kubernetes.io/docs/tasks/tools/install-kubectl-linux/',
  },
  {
    need: 'the .NET SDK 10 (builds and runs the ASP.NET Core wiring)',
    present: () => onPath('dotnet'),
    how: 'https://learn.microsoft.com/dotnet/core/install/linux-debian',
  },
];

const missingDebian = debianTools.filter(({ present }) => !present());
if (missingDebian.length > 0) {
  const packages = missingDebian.map(({ pkg }) => pkg);
  const install = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${packages.join(' ')}`;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && onPath('apt-get')) {
    console.log(`Installing what the tests need: ${packages.join(', ')}`);
    execFileSync('sh', ['-c', install], { stdio: ['ignore', 'inherit', 'inherit'] });
  } else {
    const missing = [...missingDebian, ...otherTools.filter(({ present }) => !present())];
    console.error(
      `The tests need tools this machine lacks:\n${missing.map(({ need, how }) => `  - ${need}${how ? `: ${how}` : ''}`).join('\n')}\n` +
        `Install them (as root), then run the tests again:\n  ${isRoot ? install : `sudo sh -c '${install}'`}`,
    );
    process.exit(1);
  }
}
const stillMissing = [
  ...debianTools.filter(({ present }) => !present()),
  ...otherTools.filter(({ present }) => !present()),
];
if (stillMissing.length > 0) {
  console.error(
    `The tests need tools this machine lacks:\n${stillMissing
      .map(({ need, how, pkg }) => `  - ${need}: ${how ?? `Debian package ${pkg}`}`)
      .join('\n')}`,
  );
  process.exit(1);
}
console.log(
  'Test prerequisites present: shellcheck, ansible, ansible-lint, PostgreSQL, Chromium, kubectl, .NET SDK.',
);
