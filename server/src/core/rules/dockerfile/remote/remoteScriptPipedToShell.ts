import type { DockerfileRule, Report } from '../../../rule';
import type { DockerInstruction } from '../../../documents/dockerfile';
import { effectiveCommand } from '../../../documents/shell';
import { FETCHERS, isInterpreter, runsStdin, substitutionConsumer } from './fetchers';

const SHELLS = /^((ba|da|z|k|a|mk)?sh)$/;

/** `curl … | sh` and its variants: code from the network runs in the build unverified. */
export const remoteScriptPipedToShell: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/remote-script-piped-to-shell',
  title: 'Remote script piped to a shell',
  severity: 'error',
  category: 'supply-chain',
  equivalents: [],
  compliance: ['CWE-494', 'CIS-Docker-4.11'],
  explanation: {
    what:
      'A RUN that downloads a script and executes it directly: `curl … | sh`, `wget -O- … | sudo bash -s --`, `curl … | python3`, ' +
      '`bash <(curl …)`, `sh -c "$(curl …)"`, `eval "$(curl …)"`, `source <(curl …)`, also inside heredoc RUN bodies.',
    why:
      'Whatever the server returns at build time runs as root in your image, with no record of what it was: a compromised server, a hijacked ' +
      'domain or a man-in-the-middle gets code execution in every build, and a truncated download can run half a script. Builds are not reproducible either.',
    fix:
      'Download the script to a file, verify it against a checksum you pinned (or a signature), then run it:\n\n' +
      '```dockerfile\nARG INSTALLER_SHA256=3f1c…e9a0\nRUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \\\n' +
      ' && echo "${INSTALLER_SHA256}  /tmp/install.sh" | sha256sum -c - \\\n && sh /tmp/install.sh \\\n && rm /tmp/install.sh\n```\n\n' +
      'Better still, install a released, signed artifact or a distribution package instead of an installer script.',
  },
  fixtures: [
    { text: 'FROM debian:12\nRUN curl -fsSL https://get.example.com | sh\n', expect: ['curl -fsSL'] },
    { text: 'FROM debian:12\nRUN wget -qO- https://get.example.com | sudo bash -s -- --version 1.2\n', expect: ['wget -qO-'] },
    { text: 'FROM debian:12\nRUN curl -sL https://deb.nodesource.com/setup_20.x | bash - && apt-get install -y nodejs\n', expect: ['curl -sL'] },
    { text: 'FROM debian:12\nRUN bash <(curl -fsSL https://get.example.com)\n', expect: ['bash <('] },
    { text: 'FROM debian:12\nRUN sh -c "$(curl -fsSL https://raw.example.com/install.sh)"\n', expect: ['sh -c'] },
    { text: 'FROM debian:12\nRUN eval "$(curl -fsSL https://example.com/env)" && source <(wget -qO- https://example.com/x)\n', expect: ['eval', 'source'] },
    { text: 'FROM python:3.12\nRUN curl -sSL https://install.python-poetry.org | python3 -\n', expect: ['curl -sSL'] },
    { text: 'FROM debian:12\nRUN <<EOF\nset -e\ncurl -fsSL https://get.example.com | sh\nEOF\n', expect: ['curl -fsSL'], note: 'heredoc script' },
    { text: 'FROM debian:12\nONBUILD RUN curl https://get.example.com | sh\n', expect: ['curl https'] },
    { text: 'FROM debian:12\nARG URL=https://get.example.com\nRUN apt-get update \\\n  # install tool\n  && curl -fsSL "$URL" \\\n  | sh -s -- -y\n', expect: ['curl -fsSL "$URL"'], note: 'variables, comment inside the continuation' },
    {
      text: 'FROM debian:12\nRUN curl -fsSLo /tmp/i.sh https://get.example.com \\\n && echo "abc  /tmp/i.sh" | sha256sum -c - && sh /tmp/i.sh\n',
      expect: [],
      note: 'downloaded, verified, then run',
    },
    { text: "FROM debian:12\nRUN curl -s https://api.example.com/v | python3 -c 'import json,sys; print(json.load(sys.stdin))' > /v\n", expect: [], note: 'python -c parses the data, it does not run it' },
    { text: 'FROM debian:12\nRUN curl -fsSL https://example.com/a.tgz | tar -xz -C /opt\n', expect: [] },
    { text: 'FROM debian:12\nRUN ["/bin/bash", "-c", "curl -fsSL https://get.example.com | bash"]\n', expect: ['curl -fsSL'], note: 'exec form' },
    { text: 'FROM debian:12\nRUN ["/bin/bash", "-c", "curl -fsSL \\"https://get.example.com\\" | bash"]\n', expect: ['curl -fsSL'], note: 'exec form with JSON escapes: matched on the string' },
  ],
  check({ model, report }) {
    for (const instruction of model.instructionsWithTriggers) {
      // The model parses `["sh", "-c", "script"]` when it can map offsets; the regex covers the rest.
      if (instruction.keyword === 'RUN' && instruction.form === 'exec' && !instruction.shell) checkExecForm(instruction, report);
      if (instruction.keyword !== 'RUN' || !instruction.shell) continue;
      const seen = new Set<unknown>();
      for (const command of instruction.shell.commands) {
        const fetcher = effectiveCommand(command);
        if (!FETCHERS.has(fetcher.program)) continue;
        const members = command.pipeline;
        const at = members.indexOf(command);
        for (const later of members.slice(at + 1)) {
          const consumer = effectiveCommand(later);
          if (!isInterpreter(consumer.program) || !runsStdin(consumer)) continue;
          if (seen.has(members)) break;
          seen.add(members);
          report({
            start: command.start,
            end: later.end,
            message: `${fetcher.program} output is piped straight into ${consumer.program}: remote code runs unverified. Download to a file, check its sha256, then run it.`,
          });
          break;
        }
        const consumer = substitutionConsumer(command);
        if (!consumer || !command.parent || seen.has(command.parent)) continue;
        const runs =
          (command.substitution === 'process' && (isInterpreter(consumer.program) || consumer.program === 'source' || consumer.program === '.')) ||
          (command.substitution === 'command' &&
            (consumer.program === 'eval' || ((SHELLS.test(consumer.program) || isInterpreter(consumer.program)) && consumer.args.some((a) => /^-[a-z]*c$/.test(a.text) || a.text === '-e'))));
        if (!runs) continue;
        seen.add(command.parent);
        report({
          start: command.parent.start,
          end: command.parent.end,
          message: `${consumer.program} executes the output of ${fetcher.program} directly: remote code runs unverified. Download to a file, check its sha256, then run it.`,
        });
      }
    }
  },
};

/** An exec-form script the model could not parse (escapes in the JSON string) is matched on the string. */
const PIPED_SCRIPT = /\b(curl|wget)\b[^|;&]*\|\s*(sudo\s+(-\S+\s+)*)?((ba|z|da|k)?sh|python[0-9.]*|perl|ruby|node)\b(?!\s+-c)/;

function checkExecForm(instruction: DockerInstruction, report: (r: Report) => void): void {
  const args = instruction.execArgs ?? [];
  const script = args.findIndex((a, i) => i > 0 && /^-[a-z]*c$/.test(a.value) && /(^|\/)(ba|z|da|k)?sh$/.test(args[0].value));
  const body = script >= 0 ? args[script + 1] : undefined;
  if (!body) return;
  const m = PIPED_SCRIPT.exec(body.value);
  if (!m) return;
  report({ start: body.start, end: body.end, message: `${m[1]} output is piped straight into ${m[4]}: remote code runs unverified. Download to a file, check its sha256, then run it.` });
}
