import type { Component } from '../component';
import { seaweedfsS3Url } from '../endpoints';
import type { Release } from '../releases';
import type { StackSettings } from '../settings';
import { selectComponents } from './index';
import { resources } from './resources';
import { sentryDependencies, sentryEnv } from './sentry';
import { sentryPackages } from './sentry-packages';
import { snubaComponents } from './snuba';

/** Creates the two buckets and expires their objects after the retention (upstream's bootstrap-s3-*.sh). */
const createBucketsScript = `
import os, boto3
s3 = boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT_URL"], region_name="us-east-1",
                  aws_access_key_id=os.environ["SENTRY_S3_ACCESS_KEY"],
                  aws_secret_access_key=os.environ["SENTRY_S3_SECRET_KEY"])
existing = {bucket["Name"] for bucket in s3.list_buckets().get("Buckets", [])}
days = int(os.environ["SENTRY_EVENT_RETENTION_DAYS"])
for name in ("nodestore", "profiles"):
    if name not in existing:
        s3.create_bucket(Bucket=name)
    s3.put_bucket_lifecycle_configuration(Bucket=name, LifecycleConfiguration={"Rules": [
        {"ID": "retention", "Status": "Enabled", "Filter": {"Prefix": ""}, "Expiration": {"Days": days}}]})
    print(f"bucket {name}: objects expire after {days} days")
`.trim();

/**
 * The install Jobs (not the Sentry-API bootstrap executor, which runs once Sentry is up): the install order of upstream's install.sh (getsentry/self-hosted 26.8.0) as Jobs, in the order `setup.sh`
 * runs and awaits them. Each is idempotent and is re-run by every upgrade and after any change to it (its
 * Job's name carries the version and a hash of its spec and configuration: render/workloads.ts installJob).
 */
export function installJobs(settings: StackSettings, release: Release): Component[] {
  // Steps only reach (and NetworkPolicies only admit them to) the components this install runs.
  const running = new Set(selectComponents(settings, release).map(({ name }) => name));
  return steps(settings, release).map((step) => ({
    ...step,
    dependsOn: step.dependsOn.filter((name) => running.has(name)),
  }));
}

function steps(settings: StackSettings, release: Release): Component[] {
  const env = sentryEnv(settings);
  const snubaApi = snubaComponents(settings, release).find(({ name }) => name === 'snuba-api');
  const sentryJob = {
    image: 'sentry',
    profile: 'always',
    kind: 'Job',
    config: ['sentry'],
    scalable: false,
  } as const;
  return [
    {
      ...sentryJob,
      name: 'sentry-packages',
      // Every Sentry pod installs sentry-nodestore-s3 itself (sentry-packages.ts). This first one does it
      // before anything else starts, so an unreachable archive fails the setup here, once and clearly.
      args: [
        'python3',
        '-c',
        'import importlib.metadata as m; print("sentry-nodestore-s3", m.version("sentry-nodestore-s3"))',
      ],
      env: { PYTHONPATH: sentryPackages.directory },
      config: [],
      resources: resources('50m', '128Mi', '256Mi'),
      dependsOn: [],
      description:
        'Installs sentry-nodestore-s3 the way every Sentry pod does, once (egress to GitHub and PyPI).',
    },
    {
      ...sentryJob,
      name: 's3-buckets',
      args: ['python3', '-c', createBucketsScript],
      config: [],
      env: {
        S3_ENDPOINT_URL: seaweedfsS3Url,
        SENTRY_S3_ACCESS_KEY: env.SENTRY_S3_ACCESS_KEY,
        SENTRY_S3_SECRET_KEY: env.SENTRY_S3_SECRET_KEY,
        SENTRY_EVENT_RETENTION_DAYS: env.SENTRY_EVENT_RETENTION_DAYS,
      },
      resources: resources('50m', '256Mi', '512Mi'),
      dependsOn: ['seaweedfs'],
      description: 'Creates the `nodestore` and `profiles` buckets with expiry = retention days.',
    },
    {
      name: 'snuba-bootstrap',
      image: 'snuba',
      profile: 'always',
      kind: 'Job',
      args: ['bootstrap', '--force'],
      env: snubaApi?.env,
      resources: resources('200m', '512Mi', '1Gi'),
      dependsOn: ['clickhouse', 'kafka', 'redis'],
      scalable: false,
      description: "Creates Snuba's Kafka topics and runs every ClickHouse migration.",
    },
    {
      ...sentryJob,
      name: 'sentry-upgrade',
      args: ['upgrade', '--noinput', '--create-kafka-topics'],
      env,
      resources: resources('300m', '1Gi', '2Gi'),
      dependsOn: sentryDependencies,
      description: "Runs Sentry's database migrations and creates its Kafka topics.",
    },
    {
      ...sentryJob,
      name: 'sentry-createuser',
      // Exit status 3 means the user exists already: success for an idempotent step. The password is never
      // an argument (a process list shows arguments): the user is created with --no-password, then the ORM
      // sets the password from the environment, only while the user has none (a changed password is kept).
      args: [
        'bash',
        '-c',
        '{ sentry createuser --no-input --superuser --email "$SENTRY_ADMIN_EMAIL" --no-password || [ "$?" -eq 3 ]; }' +
          ' && sentry exec -c "$1"',
        'sentry-createuser',
        [
          'import os',
          'from sentry.users.models.user import User',
          'user = User.objects.get(username=os.environ["SENTRY_ADMIN_EMAIL"])',
          'if not user.password:',
          '    user.set_password(os.environ["SENTRY_ADMIN_PASSWORD"])',
          '    user.save()',
        ].join('\n'),
      ],
      env: {
        ...env,
        SENTRY_ADMIN_EMAIL: settings.adminEmail,
        SENTRY_ADMIN_PASSWORD: { secret: 'core', key: 'admin-password' },
      },
      resources: resources('100m', '512Mi', '1Gi'),
      dependsOn: sentryDependencies,
      description: 'Creates the first superuser (the admin e-mail; password from the Secret).',
    },
  ];
}
