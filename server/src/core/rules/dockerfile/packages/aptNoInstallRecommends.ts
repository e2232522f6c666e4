import type { DockerfileRule } from '../../../rule';
import type { DockerfileModel, DockerInstruction } from '../../../documents/dockerfile';
import { hasOption, headSpan } from './packageCommands';
import { insertFlagFix, invocationsOf } from './ruleKit';
import { memoize } from '../../../memo';

/** RUNs (ONBUILD triggers included) that write `APT::Install-Recommends "0"` to apt.conf.d, in file order. */
function recommendsDisablers(model: DockerfileModel): DockerInstruction[] {
  // Once per model: asked for every apt-get install, a walk over all earlier RUNs each time was quadratic in the file.
  return memoize(model, 'aptRecommendsDisablers', () =>
    model.instructionsWithTriggers.filter((other) => other.keyword === 'RUN' && /APT::Install-Recommends\s*\\?["']?\s*\\?["']?(0|false)/i.test(model.text.slice(other.start, other.end))),
  );
}

/** `APT::Install-Recommends "0"` written to apt.conf.d by an earlier instruction of the same stage chain. */
function recommendsDisabledEarlier(model: DockerfileModel, instruction: DockerInstruction): boolean {
  for (const other of recommendsDisablers(model)) {
    if (other.start >= instruction.start) break;
    if (instruction.stage && other.stage && other.stage !== instruction.stage && !isAncestor(other.stage, instruction.stage)) continue;
    return true;
  }
  return false;
}

function isAncestor(candidate: NonNullable<DockerInstruction['stage']>, stage: NonNullable<DockerInstruction['stage']>): boolean {
  for (let s = stage.parent; s; s = s.parent) if (s === candidate) return true;
  return false;
}

/** `apt-get install` without `--no-install-recommends`. */
export const aptNoInstallRecommends: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/apt-no-install-recommends',
  title: 'apt-get install without --no-install-recommends',
  severity: 'info',
  category: 'best-practice',
  equivalents: ['hadolint:DL3015', 'trivy:DS-0029'],
  compliance: ['CIS-Docker-4.3'],
  fixable: true,
  explanation: {
    what: '`apt-get install` (or `apt install`) runs without `--no-install-recommends`.',
    why:
      'apt also installs every "recommended" package, often tens to hundreds of megabytes of tools the container never uses. ' +
      'Each extra package is attack surface and more CVEs for the scanner to report.',
    fix: '```dockerfile\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n```\n`-o APT::Install-Recommends=false`, or the setting written to `/etc/apt/apt.conf.d/` earlier, work as well.',
  },
  fixtures: [
    { text: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n', expect: ['apt-get install'], fixed: 'FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y curl\n' },
    { text: 'FROM debian:12\nRUN apt-get -o APT::Install-Recommends=false install -y curl && apt-get install --no-install-recommends -y git\n', expect: [] },
    { text: 'FROM debian:12\nRUN echo \'APT::Install-Recommends "0";\' > /etc/apt/apt.conf.d/99norecommends\nRUN apt-get install -y curl\n', expect: [] },
    { text: 'FROM debian:12 AS base\nRUN echo \'APT::Install-Recommends "0";\' > /etc/apt/apt.conf.d/99norecommends\nFROM base\nRUN apt-get install -y curl\n', expect: [] },
    { text: 'FROM debian:12 AS other\nRUN echo \'APT::Install-Recommends "0";\' > /etc/apt/apt.conf.d/99norecommends\nFROM debian:12\nRUN apt-get install -y curl\n', expect: ['apt-get install'], fixed: 'FROM debian:12 AS other\nRUN echo \'APT::Install-Recommends "0";\' > /etc/apt/apt.conf.d/99norecommends\nFROM debian:12\nRUN apt-get install --no-install-recommends -y curl\n' },
    { text: 'FROM debian:12\nRUN apt-get install -y curl\nRUN echo \'APT::Install-Recommends "0";\' > /etc/apt/apt.conf.d/99norecommends\n', expect: ['apt-get install'], fixed: 'FROM debian:12\nRUN apt-get install --no-install-recommends -y curl\nRUN echo \'APT::Install-Recommends "0";\' > /etc/apt/apt.conf.d/99norecommends\n' },
    { text: 'FROM debian:12\nONBUILD RUN sudo apt-get install -y curl\n', expect: ['apt-get install'], fixed: 'FROM debian:12\nONBUILD RUN sudo apt-get install --no-install-recommends -y curl\n' },
  ],
  check({ model, report }) {
    for (const invocation of invocationsOf(model, ['apt-get', 'apt'], ['install'])) {
      if (hasOption(invocation, ['--no-install-recommends'])) continue;
      const options = invocation.options.filter((o) => o.name === '-o' || o.name === '--option').map((o) => o.value ?? '');
      if (options.some((v) => /^APT::Install-Recommends=(0|false|no|off)$/i.test(v))) continue;
      if (recommendsDisabledEarlier(model, invocation.instruction)) continue;
      report({
        ...headSpan(invocation),
        message: `${invocation.program.text.replace(/^.*\//, '')} install without --no-install-recommends pulls in recommended packages the image does not need.`,
        fixes: insertFlagFix(invocation, '--no-install-recommends'),
      });
    }
  },
};
