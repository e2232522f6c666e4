import type { DockerfileRule } from '../../../rule';
import { simpleShellToJson } from './util';
import { instructionsWith } from '../helpers';

/**
 * `HEALTHCHECK CMD curl …` in shell form. hadolint 2.15 added this to DL3025 and broke many CI
 * pipelines; the probe is not PID 1, so the signal argument does not apply. Off by default.
 */
export const healthcheckShellForm: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/healthcheck-shell-form',
  title: 'HEALTHCHECK CMD in shell form',
  severity: 'hint',
  category: 'best-practice',
  equivalents: ['hadolint:DL3025'],
  compliance: [],
  enabledByDefault: false,
  fixable: true,
  explanation: {
    what: '`HEALTHCHECK CMD` written in shell form (`HEALTHCHECK CMD curl -f http://localhost/`).',
    why:
      'Shell form needs `/bin/sh` inside the image: in distroless or scratch images the probe then always fails and the container is marked unhealthy. ' +
      'Unlike CMD/ENTRYPOINT there is no signal-handling problem, so this rule is off by default (hadolint reports it under DL3025 since 2.15).',
    fix: 'Use the exec form: `HEALTHCHECK CMD ["/app/healthcheck"]`.',
  },
  fixtures: [
    { text: 'FROM alpine:3.20\nHEALTHCHECK --interval=30s CMD /bin/check --quick\n', expect: ['CMD /bin'], fixed: 'FROM alpine:3.20\nHEALTHCHECK --interval=30s CMD ["/bin/check", "--quick"]\n' },
    { text: 'FROM alpine:3.20\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n', expect: ['CMD curl'], note: 'needs a shell: no automatic fix' },
    { text: 'FROM alpine:3.20\nHEALTHCHECK CMD [ "/bin/check" ]\nHEALTHCHECK NONE\n', expect: [] },
  ],
  check({ model, report }) {
    for (const instruction of instructionsWith(model, ['HEALTHCHECK'])) {
      if (instruction.form !== 'shell') continue;
      const cmd = instruction.args.find((a) => a.value.toUpperCase() === 'CMD');
      if (!cmd) continue;
      const after = model.text.slice(cmd.end, instruction.end);
      const command = after.trim();
      if (!command) continue;
      const commandStart = cmd.end + (after.length - after.trimStart().length);
      const json = simpleShellToJson(command);
      report({
        start: cmd.start,
        end: Math.min(instruction.end, model.lines.lineEnd(model.lines.positionAt(cmd.start).line)),
        message: `HEALTHCHECK CMD in shell form needs /bin/sh in the image; prefer the exec form${json ? ` CMD ${json}` : ''}.`,
        fixes: json ? [{ title: `Convert to CMD ${json}`, edits: [{ start: commandStart, end: commandStart + command.length, newText: json }], isPreferred: true }] : undefined,
      });
    }
  },
};
