import { categoryRule, fixturePrediction } from './kit';

const SAMPLE = 'rm -rf /var/log/* /root/.bash_history';

/** The model finds a command that looks like disabling defences or wiping traces. */
export const defenceEvasion = categoryRule(
  { category: 'defence-evasion', phrase: 'looks like disabling defences or wiping traces', attack: 'T1562' },
  {
    id: 'model/defence-evasion',
    title: 'Suspicious command: defence evasion',
    compliance: ['MITRE ATT&CK T1562 / T1070 (impair defences, indicator removal)', 'CWE-778'],
    fixable: false,
    explanation: {
      what: 'A command the model scores as evading detection: clearing shell history, unsetting HISTFILE, truncating logs, `setenforce 0`, flushing iptables, killing security agents.',
      why: 'Build steps and containers do not need to hide their tracks; these commands are typical of an attacker covering a compromise, and they disable protections the platform relies on.',
      fix: "Remove the command. If logs must be trimmed for size, use the logging driver's rotation instead.",
    },
    fixtures: [
      { text: `FROM alpine:3.22\nRUN ${SAMPLE}\n`, expect: [SAMPLE.slice(0, 12)], predictions: { commands: fixturePrediction(SAMPLE, 'defence-evasion', '/var/log/*') } },
      { text: `FROM alpine:3.22\nRUN ${SAMPLE}\n`, expect: [], predictions: { commands: fixturePrediction(SAMPLE, 'defence-evasion', '/var/log/*', 0.3) }, note: 'below the threshold' },
      { text: `FROM alpine:3.22\nRUN ${SAMPLE}\n`, expect: [], note: 'no model predictions: rules only' },
    ],
  },
);
