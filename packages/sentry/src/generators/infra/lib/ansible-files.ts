import { Document } from 'yaml';

/**
 * For teams that drive the host with Ansible, as the seed did (`ansible-playbook playbooks/setup-sentry.yaml
 * -i inventory/hosts.ini`, `--tags upgrade`): a playbook that copies the stack to the MicroK8s host and runs the
 * same scripts there. Written beside the stack in `ansible/`.
 */
export function ansibleFiles(sentryVersion: string): Record<string, string> {
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
        sentry_stack_dir: '/opt/fundamental-sentry',
        sentry_version: sentryVersion,
        sentry_backup_dir: '/var/backups/sentry',
      },
      tasks: [
        {
          name: 'Copy the generated stack to the host',
          'ansible.builtin.copy': {
            src: '{{ playbook_dir }}/../../',
            dest: `${stackOnHost}/`,
            mode: 'preserve',
          },
          tags: ['install', 'upgrade', 'backup'],
        },
        {
          name: 'Install Sentry, or complete an install (idempotent)',
          'ansible.builtin.command': script('setup.sh'),
          register: 'sentry_setup',
          changed_when: "'generated' in sentry_setup.stdout or 'created' in sentry_setup.stdout",
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
