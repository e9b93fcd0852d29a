import type { Component } from '../component';
import { resources } from './resources';

/**
 * Components upstream does not have, added for operating the stack on Kubernetes. The nightly dump keeps
 * its newest seven files on its own volume; `scripts/backup.sh` takes the off-cluster copies.
 */
export const operationsComponents = (): Component[] => [
  {
    name: 'postgres-backup',
    image: 'postgres',
    profile: 'always',
    kind: 'CronJob',
    schedule: '30 2 * * *',
    command: ['bash', '-c'],
    args: [
      'set -euo pipefail; file="/backups/sentry-$(date -u +%Y%m%dT%H%M%SZ).dump"; ' +
        'pg_dump --host postgres --username postgres --format custom --dbname postgres --file "$file.partial"; ' +
        'mv "$file.partial" "$file"; ls -1t /backups/sentry-*.dump | tail -n +8 | xargs -r rm --',
    ],
    env: { PGPASSWORD: { secret: 'core', key: 'postgres-password' } },
    volumes: [{ name: 'backups', mountPath: '/backups', size: '20Gi' }],
    // Limit: pg_dump streams rows; its memory is per-table metadata, not data.
    resources: resources('50m', '128Mi', '512Mi'),
    dependsOn: ['postgres'],
    scalable: false,
    description:
      'Nightly pg_dump (custom format) of the Sentry database to its own volume, newest seven kept.',
    addedByPlugin: true,
  },
];
