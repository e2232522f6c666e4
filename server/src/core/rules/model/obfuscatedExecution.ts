import { categoryRule, fixturePrediction } from './kit';

const SAMPLE = 'echo ZWNobyBoaQ== | base64 -d | sh';

/** The model finds a command that looks like running obfuscated code. */
export const obfuscatedExecution = categoryRule(
  { category: 'obfuscated-execution', phrase: 'looks like running obfuscated code', attack: 'T1027' },
  {
    id: 'model/obfuscated-execution',
    title: 'Suspicious command: obfuscated execution',
    compliance: ['MITRE ATT&CK T1027 / T1140 (obfuscated files, deobfuscate/decode)', 'CWE-506'],
    fixable: false,
    explanation: {
      what: "A command the model scores as decoding and executing hidden code: base64/hex/rev/xxd/gzip output piped into a shell or interpreter, `eval` of encoded strings, `python -c exec(__import__('base64')…)`.",
      why: 'Legitimate build steps have no reason to hide what they run; encoding is how payloads slip past review and past rule-based scanners.',
      fix: 'Decode the payload offline to see what it does, then replace it with the plain commands (or remove it). Mark it as expected only with a reason a reviewer can check.',
    },
    fixtures: [
      { text: `FROM alpine:3.22\nRUN ${SAMPLE}\n`, expect: [SAMPLE.slice(0, 12)], predictions: { commands: fixturePrediction(SAMPLE, 'obfuscated-execution', 'base64 -d') } },
      { text: `FROM alpine:3.22\nRUN ${SAMPLE}\n`, expect: [], predictions: { commands: fixturePrediction(SAMPLE, 'obfuscated-execution', 'base64 -d', 0.3) }, note: 'below the threshold' },
      { text: `FROM alpine:3.22\nRUN ${SAMPLE}\n`, expect: [], note: 'no model predictions: rules only' },
    ],
  },
);
