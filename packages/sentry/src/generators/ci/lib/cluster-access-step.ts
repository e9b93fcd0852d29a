import type { ClusterVia } from './normalize-options';
import { ExplainedStep, secret } from './workflow-model';

/** The port of MicroK8s' API server. */
const microk8sApiPort = 16443;

export const clusterSecrets: Record<ClusterVia, readonly string[]> = {
  kubeconfig: ['KUBECONFIG_B64'],
  ssh: ['MICROK8S_SSH_HOST', 'MICROK8S_SSH_USER', 'MICROK8S_SSH_KEY', 'MICROK8S_SSH_KNOWN_HOSTS'],
};

const kubeconfigScript = `kubeconfig="$RUNNER_TEMP/kubeconfig"
(umask 077 && printf '%s' "$KUBECONFIG_B64" | base64 --decode > "$kubeconfig")
echo "KUBECONFIG=$kubeconfig" >> "$GITHUB_ENV"
KUBECONFIG="$kubeconfig" kubectl version
`;

const sshScript = `install -d -m 700 ~/.ssh
(umask 077 && printf '%s\\n' "$MICROK8S_SSH_KEY" > ~/.ssh/microk8s-deploy)
printf '%s\\n' "$MICROK8S_SSH_KNOWN_HOSTS" > ~/.ssh/known_hosts
ssh_options=(-i ~/.ssh/microk8s-deploy -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes)
target="$MICROK8S_SSH_USER@$MICROK8S_SSH_HOST"
ssh "\${ssh_options[@]}" -o ExitOnForwardFailure=yes -f -N -L ${microk8sApiPort}:127.0.0.1:${microk8sApiPort} -- "$target"
kubeconfig="$RUNNER_TEMP/kubeconfig"
(umask 077 && ssh "\${ssh_options[@]}" -- "$target" microk8s config |
  sed -E 's#^( *server: ).*$#\\1https://127.0.0.1:${microk8sApiPort}#' > "$kubeconfig")
echo "KUBECONFIG=$kubeconfig" >> "$GITHUB_ENV"
KUBECONFIG="$kubeconfig" kubectl version
`;

const why: Record<ClusterVia, string> = {
  kubeconfig: [
    'The kubeconfig is written outside the workspace and exported as KUBECONFIG for the later steps;',
    'kubectl version fails here, early, when the cluster cannot be reached.',
  ].join('\n'),
  ssh: [
    "MicroK8s' API server (port 16443) stays closed to the internet: an SSH tunnel to the host forwards",
    'it to 127.0.0.1, which its certificate covers, and `microk8s config` there supplies the kubeconfig.',
    'The tunnel ends with the job.',
  ].join('\n'),
};

/** Gives the later steps of the job a KUBECONFIG for the cluster the deploy targets apply to. */
export function clusterAccessStep(deployVia: ClusterVia): ExplainedStep {
  return {
    why: why[deployVia],
    step: {
      name: 'Connect to the cluster',
      env: Object.fromEntries(clusterSecrets[deployVia].map((name) => [name, secret(name)])),
      run: deployVia === 'kubeconfig' ? kubeconfigScript : sshScript,
    },
  };
}
