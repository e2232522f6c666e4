import type { DockerfileRule } from '../../../rule';
import type { ShellCommand } from '../../../documents/shell';
import { shellAt } from './stageShell';
import { instructionsWith } from '../helpers';

/** `-o pipefail` (also `-eo pipefail`, `-o errexit -o pipefail`) among shell options. */
export function enablesPipefail(words: readonly string[]): boolean {
  return words.some((w, i) => (/^-[a-zA-Z]*o$/.test(w) && words[i + 1] === 'pipefail') || w === '-opipefail');
}

/** A RUN whose pipe can hide a failure because the shell does not run with pipefail (hadolint DL4006). */
export const pipefailMissing: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/pipefail-missing',
  title: 'Pipe in RUN without pipefail',
  severity: 'warning',
  category: 'correctness',
  equivalents: ['hadolint:DL4006'],
  compliance: [],
  explanation: {
    what:
      'A `RUN` contains a pipe (`a | b`) while neither the stage\'s `SHELL` (set in the stage or inherited from the stage it builds on) ' +
      'nor the RUN itself (`set -o pipefail`) enables pipefail. Shells that are not POSIX (PowerShell, cmd) are exempt.',
    why:
      'A pipeline\'s exit status is that of its last command: in `curl -fsSL https://x/tool.tgz | tar -xz` a failed download still exits 0, ' +
      'and the build carries on with a missing or truncated file.',
    fix:
      'Set the option once per stage (bash, zsh, or busybox ash on Alpine support it):\n\n```dockerfile\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n' +
      'RUN curl -fsSL https://example.com/tool.tgz | tar -xz -C /opt\n```\n\nor inside the RUN: `RUN set -o pipefail && curl … | tar …`.',
  },
  fixtures: [
    { text: 'FROM debian:12\nRUN wget -O - https://some.site | wc -l > /number\n', expect: ['wget'] },
    { text: 'FROM debian:12\r\nRUN apt-get update \\\r\n  # list\r\n  && dpkg -l | grep curl\r\n', expect: ['dpkg'], note: 'CRLF, comment in continuation' },
    { text: 'FROM debian:12\nONBUILD RUN cat /etc/os-release | grep ID\n', expect: ['cat'] },
    { text: 'FROM debian:12 AS build\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\nRUN wget -O - https://some.site | wc -l > /number\n', expect: [] },
    {
      text: 'FROM debian:12 AS build\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM build\nRUN curl -fsSL https://x | tar -xz\nFROM debian:12\nRUN curl -fsSL https://x | tar -xz\n',
      expect: [{ at: 'curl', nth: 2 }],
      note: 'inherited from the parent stage, not from an unrelated one',
    },
    { text: 'FROM alpine:3.20\nSHELL ["/bin/ash", "-eo", "pipefail", "-c"]\nRUN echo a | sed s/a/b/\n', expect: [], note: 'busybox ash supports pipefail (hadolint#1084)' },
    { text: 'FROM debian:12\nRUN set -euxo pipefail; curl -fsSL https://x | tar -xz\n', expect: [] },
    { text: 'FROM debian:12\nRUN <<EOF\nset -eo pipefail\ncurl -fsSL https://x | tar -xz\nEOF\n', expect: [] },
    { text: 'FROM mcr.microsoft.com/powershell:7.4-ubuntu-22.04\nSHELL ["pwsh", "-c"]\nRUN Get-Variable PSVersionTable | Select-Object -ExpandProperty Value\n', expect: [] },
    { text: 'FROM debian:12\nRUN ["sh", "-c", "echo a | wc -c"]\nRUN a || b\n', expect: [], note: 'exec form does not go through the stage shell; || is not a pipe' },
  ],
  check({ model, report }) {
    for (const instruction of instructionsWith(model, ['RUN'])) {
      // An exec-form `["sh", "-c", "a | b"]` never goes through the stage's SHELL, so the advice would not apply.
      if (!instruction.shell || instruction.shellFromExecForm) continue;
      const pipelines = new Set<ShellCommand[]>();
      for (const command of instruction.shell.commands) if (command.pipeline.length > 1) pipelines.add(command.pipeline);
      if (pipelines.size === 0) continue;
      if (enablesPipefail(shellAt(instruction).slice(1))) continue;
      const first = [...pipelines].sort((a, b) => a[0].start - b[0].start)[0];
      const setBefore = instruction.shell.commands.some(
        (c) => c.name.text === 'set' && c.start < first[0].start && enablesPipefail(c.args.map((a) => a.text)),
      );
      if (setBefore) continue;
      report({
        start: first[0].start,
        end: first[first.length - 1].end,
        message: `This pipe ends in ${first[first.length - 1].name.text || 'a command'}, whose exit status hides a failure of ${first[0].name.text || 'the commands before it'}; set SHELL ["/bin/bash", "-o", "pipefail", "-c"] or start the RUN with set -o pipefail.`,
      });
    }
  },
};
