import { categoryRule, fixturePrediction } from './kit';

const SAMPLE = './xmrig -o stratum+tcp://pool.example.net:3333 -u 4AbCdEf --donate-level 1';

/** The model finds a command that looks like a cryptocurrency miner. */
export const cryptomining = categoryRule(
  { category: 'cryptomining', phrase: 'looks like a cryptocurrency miner', attack: 'T1496' },
  {
    id: 'model/cryptomining',
    title: 'Suspicious command: cryptomining',
    compliance: ['MITRE ATT&CK T1496 (resource hijacking)', 'CWE-506'],
    fixable: false,
    explanation: {
      what: 'A command the model scores as starting or installing a cryptocurrency miner: xmrig/minerd/cpuminer, `stratum+tcp://` pools, `--donate-level`, wallet addresses.',
      why: "Miners in images are the most common payload of malicious Docker Hub images: they burn the cluster's CPU (and cloud bill) and signal that the image or its build was compromised.",
      fix: 'Remove the command and find out how it got there (a compromised base image or dependency). Rebuild from a trusted base.',
    },
    fixtures: [
      { text: `FROM alpine:3.22\nRUN ${SAMPLE}\n`, expect: [SAMPLE.slice(0, 12)], predictions: { commands: fixturePrediction(SAMPLE, 'cryptomining', 'stratum+tcp://pool.example.net:3333') } },
      { text: `FROM alpine:3.22\nRUN ${SAMPLE}\n`, expect: [], predictions: { commands: fixturePrediction(SAMPLE, 'cryptomining', 'stratum+tcp://pool.example.net:3333', 0.3) }, note: 'below the threshold' },
      { text: `FROM alpine:3.22\nRUN ${SAMPLE}\n`, expect: [], note: 'no model predictions: rules only' },
    ],
  },
);
