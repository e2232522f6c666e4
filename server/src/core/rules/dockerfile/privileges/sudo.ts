import type { DockerfileRule } from '../../../rule';
import type { DockerfileModel, DockerInstruction } from '../../../documents/dockerfile';
import { programName } from '../../../documents/shell';
import { runCommands, instructionsWith } from '../helpers';
import { isRootUser } from './finalUser';

/** The USER in effect when `instruction` runs: `root`, a name, or undefined when only the base image knows. */
function userAt(model: DockerfileModel, instruction: DockerInstruction): string | undefined {
  const stage = instruction.onbuild ? undefined : instruction.stage;
  if (!stage) return undefined;
  const chain = [stage];
  for (let s = stage.parent; s; s = s.parent) chain.push(s);
  for (const s of chain) {
    const users = s.instructions.filter((i) => i.keyword === 'USER' && (s !== stage || i.index < instruction.index));
    const last = users.at(-1);
    if (last) return last.argsText.trim().split(':')[0];
  }
  return undefined;
}

/** `sudo` in RUN: the build already runs as the Dockerfile's USER; sudo only hides who does what. */
export const sudo: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/sudo',
  title: 'sudo used in RUN',
  severity: 'warning',
  category: 'privileges',
  equivalents: ['hadolint:DL3004', 'checkov:CKV2_DOCKER_1', 'trivy:DS-0010'],
  compliance: ['CIS-Docker-4.1', 'CWE-250'],
  fixable: true,
  explanation: {
    what: 'A `RUN` command is run through `sudo` (as a command, not merely a package named sudo).',
    why:
      '`sudo` in an image means a sudo binary and a sudoers policy ship with it, so a compromised non-root process ' +
      'may regain root; it also behaves unpredictably without a TTY. Build steps already run as the current `USER`.',
    fix:
      'Run privileged steps as root and switch users explicitly; use `gosu`/`su-exec` only in entrypoints that must drop privileges:\n\n' +
      '```dockerfile\nUSER root\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nUSER 10001\n```\n\n' +
      'The quick fix removes a bare `sudo` (it is a no-op when the step already runs as root).',
  },
  fixtures: [
    { text: 'FROM debian:12\nRUN sudo apt-get update\n', expect: ['sudo'], fixed: 'FROM debian:12\nRUN apt-get update\n' },
    { text: 'FROM debian:12\nRUN apt-get update && sudo apt-get install -y curl\n', expect: ['sudo'], fixed: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n' },
    { text: 'FROM debian:12\nRUN apt-get install -y sudo\n', expect: [], note: 'installing the package is not using it' },
    { text: 'FROM debian:12\nONBUILD RUN sudo make install\n', expect: ['sudo'], fixed: 'FROM debian:12\nONBUILD RUN make install\n' },
    { text: 'FROM debian:12\nRUN ["sudo", "make", "install"]\n', expect: ['sudo'], note: 'exec form' },
    { text: 'FROM debian:12\nRUN echo "use sudo wisely" > /etc/motd\n', expect: [], note: 'a word in a string is not a command' },
    { text: 'FROM debian:12\nRUN curl -fsSL https://x.example/i.sh | sudo -E bash\n', expect: ['sudo'], note: 'sudo with options: no automatic fix' },
    { text: 'FROM debian:12\nRUN find /app -type f | xargs sudo chmod 0644\n', expect: ['sudo'], fixed: 'FROM debian:12\nRUN find /app -type f | xargs chmod 0644\n' },
  ],
  check({ model, report }) {
    for (const { instruction, command } of runCommands(model)) {
      // programName(w) === 'sudo' needs a word ending in `sudo`; most commands have none.
      if (!command.name.text.endsWith('sudo') && !command.args.some((a) => a.text.endsWith('sudo'))) continue;
      const words = [command.name, ...command.args];
      const index = words.findIndex((w) => programName(w.text) === 'sudo');
      if (index < 0) continue;
      // Only the wrapper position counts: `apt-get install sudo` names a package.
      const prefix = words.slice(0, index).map((w) => programName(w.text));
      if (index > 0 && !prefix.every((p, i) => ['env', 'xargs', 'nice', 'nohup', 'time', 'exec', 'command', 'timeout'].includes(p) || (i > 0 && p.startsWith('-')) || /^\d/.test(p) || p.includes('='))) continue;
      const word = words[index];
      const next = words[index + 1];
      const bare = next !== undefined && !next.text.startsWith('-');
      const user = userAt(model, instruction);
      const fixes = bare
        ? [{ title: 'Remove sudo', edits: [{ start: word.start, end: next.start, newText: '' }], isPreferred: user === undefined || isRootUser(user) }]
        : undefined;
      report({
        start: word.start,
        end: word.end,
        message: `Avoid sudo in RUN: build steps already run as the current USER${user ? ` ("${user}")` : ''}; switch with "USER root" … "USER <app>" instead, and keep sudo out of the image.`,
        fixes,
      });
    }
    for (const instruction of instructionsWith(model, ['RUN'])) {
      if (instruction.form !== 'exec' || !instruction.execArgs?.length) continue;
      const first = instruction.execArgs[0];
      if (programName(first.value) !== 'sudo') continue;
      report({ start: first.start, end: first.end, message: 'Avoid sudo in RUN: build steps already run as the current USER; use "USER root" for privileged steps.' });
    }
  },
};
