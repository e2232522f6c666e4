import { categoryRule, fixturePrediction } from './kit';

const SAMPLE = 'nsenter --target 1 --mount --uts --ipc --net --pid -- bash';

/** The model finds a command that looks like breaking out of the container. */
export const containerEscape = categoryRule(
  { category: 'container-escape', phrase: 'looks like breaking out of the container', attack: 'T1611' },
  {
    id: 'model/container-escape',
    title: 'Suspicious command: container escape',
    compliance: ['MITRE ATT&CK T1611 (escape to host)', 'CWE-250'],
    fixable: false,
    explanation: {
      what: 'A command the model scores as escaping to the host: `nsenter -t 1`, mounting host devices, writing a cgroup `release_agent`, talking to the Docker socket, `chroot /host`.',
      why: 'A successful escape turns a compromised container into a compromised node: every other workload on it, its credentials and the kubelet.',
      fix: 'Remove the command, and remove what makes it possible: privileged mode, host PID, the Docker socket and host mounts.',
    },
    fixtures: [
      { text: `FROM alpine:3.22\nRUN ${SAMPLE}\n`, expect: [SAMPLE.slice(0, 12)], predictions: { commands: fixturePrediction(SAMPLE, 'container-escape', 'nsenter --target 1') } },
      { text: `FROM alpine:3.22\nRUN ${SAMPLE}\n`, expect: [], predictions: { commands: fixturePrediction(SAMPLE, 'container-escape', 'nsenter --target 1', 0.3) }, note: 'below the threshold' },
      { text: `FROM alpine:3.22\nRUN ${SAMPLE}\n`, expect: [], note: 'no model predictions: rules only' },
    ],
  },
);
