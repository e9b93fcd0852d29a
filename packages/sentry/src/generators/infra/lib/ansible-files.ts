import { Document } from 'yaml';

/**
 * For teams that drive the host with Ansible, as the seed did (`ansible-playbook playbooks/setup-sentry.yaml
 * -i inventory/hosts.ini`, `--tags upgrade`): a playbook that copies the stack to the MicroK8s host and runs the
 * same scripts there. Written beside the stack in `ansible/`. Only what the scripts apply is copied (`stackEntries`:
 * the manifests' folders and files, the scripts): never the inventory, a backup or anything else that lands in
 * the stack's folder later. On the host the stack lives in `/opt/<stack name>` (the generator's --name), so two
 * stacks on one host do not share a folder.
 */
export function ansibleFiles(
  sentryVersion: string,
  stackName: string,
  stackEntries: string[],
): Record<string, string> {
  const applied = ['base', 'bootstrap', 'components', 'config', 'edge', 'scripts'];
  const copied = stackEntries.filter((entry) => applied.includes(entry) || entry.endsWith('.yaml')).sort();
  const stackOnHost = '{{ sentry_stack_dir }}';
  const script = (name: string, ...args: string[]) => ({
    argv: ['bash', `${stackOnHost}/scripts/${name}`, ...args],
  });
  const playbook = [
    {
      name: 'Self-hosted Sentry on MicroK8s',
      hosts: 'sentry',
      become: true,
      vars: {
        sentry_stack_dir: `/opt/${stackName}`,
        sentry_version: sentryVersion,
        sentry_backup_dir: '/var/backups/sentry',
      },
      tasks: [
        {
          name: 'Copy the manifests and scripts to the host (not the inventory, not backups)',
          'ansible.builtin.copy': {
            src: '{{ playbook_dir }}/../../{{ item }}',
            dest: `${stackOnHost}/`,
            mode: 'preserve',
          },
          loop: copied,
          tags: ['install', 'upgrade', 'backup'],
        },
        {
          name: 'Install Sentry, or complete an install (idempotent)',
          'ansible.builtin.command': script('setup.sh'),
          register: 'sentry_setup',
          // kubectl apply prints `created`, `configured` (changed) or `unchanged` per object (kubectl apply --help).
          changed_when: "sentry_setup.stdout is search('generated|created|configured|updating')",
          tags: ['install'],
        },
        {
          name: 'Upgrade to the release the stack was generated for',
          'ansible.builtin.command': script('upgrade.sh', '--to', '{{ sentry_version }}'),
          changed_when: true,
          tags: ['upgrade', 'never'],
        },
        {
          name: 'Back up PostgreSQL, Secrets and configuration',
          'ansible.builtin.command': script('backup.sh', '--out', '{{ sentry_backup_dir }}'),
          changed_when: true,
          tags: ['backup', 'never'],
        },
      ],
    },
  ];
  const inventory = [
    '# Copy to hosts.ini and set the MicroK8s host (the seed used root over SSH).',
    '[sentry]',
    'sentry-host ansible_host=203.0.113.10 ansible_user=root',
    '',
  ].join('\n');
  return {
    'playbooks/setup-sentry.yaml': `---\n${new Document(playbook).toString({ lineWidth: 0 })}`,
    'inventory/hosts.ini.example': inventory,
  };
}
