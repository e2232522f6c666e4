import type { DockerfileRule } from '../../../rule';
import { headSpan, type PackageInvocation } from './packageCommands';
import { insertFlagFix, invocationsOf } from './ruleKit';

/** `-y`, `--yes`, `--assume-yes`, quiet level 2 (`-qq`, `-q=2`, `-q -q`) or `-o APT::Get::Assume-Yes=true`. */
export function assumesYes(invocation: PackageInvocation): boolean {
  let quiet = 0;
  for (const o of invocation.options) {
    const t = o.word.text;
    if (o.name === '--yes' || o.name === '--assume-yes' || o.name === '-y') return true;
    if (/^-[a-zA-Z]+$/.test(t) && t.includes('y')) return true;
    if ((o.name === '-o' || o.name === '--option') && /^APT::Get::Assume-Yes=(1|true|yes)$/i.test(o.value ?? '')) return true;
    if (o.name === '-q' || o.name === '--quiet') quiet += o.value !== undefined ? Number(o.value) || 1 : 1;
    else if (/^-q+$/.test(t)) quiet += t.length - 1;
  }
  if (quiet >= 2) return true;
  // `yes | apt-get install …`
  const pipeline = invocation.command.pipeline;
  const at = pipeline.indexOf(invocation.command);
  return at > 0 && pipeline.slice(0, at).some((c) => c.name.text === 'yes');
}

/** `apt-get install` without `-y` stops the build at the confirmation prompt. */
export const aptGetMissingYes: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/apt-get-missing-yes',
  title: 'apt-get install without -y',
  severity: 'warning',
  category: 'correctness',
  equivalents: ['hadolint:DL3014', 'trivy:DS-0021'],
  compliance: [],
  fixable: true,
  explanation: {
    what: '`apt-get install` runs without `-y` (`--yes`, `--assume-yes`).',
    why: 'Builds have no terminal: apt asks "Do you want to continue? [Y/n]", reads end-of-file and aborts, so the build fails whenever the install needs confirmation.',
    fix: '```dockerfile\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n```',
  },
  fixtures: [
    { text: 'FROM debian:12\nRUN apt-get install --no-install-recommends curl\n', expect: ['apt-get install'], fixed: 'FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n' },
    { text: 'FROM debian:12\nRUN apt-get -fmy install curl && apt-get install -qq git && apt-get --assume-yes install vim\n', expect: [] },
    { text: 'FROM debian:12\nRUN apt-get install -q curl\n', expect: ['apt-get install'], fixed: 'FROM debian:12\nRUN apt-get install -y -q curl\n', note: 'one -q does not answer prompts' },
    {
      text: 'FROM debian:12\r\nRUN apt-get update \\\r\n    # tools\r\n && apt-get install --no-install-recommends curl\r\n',
      expect: ['apt-get install'],
      fixed: 'FROM debian:12\r\nRUN apt-get update \\\r\n    # tools\r\n && apt-get install -y --no-install-recommends curl\r\n',
      note: 'CRLF, comment inside the continuation',
    },
    { text: 'FROM debian:12\nRUN ["apt-get", "install", "--no-install-recommends", "curl"]\n', expect: ['apt-get"'], note: 'exec form: reported, no textual fix' },
    { text: 'FROM debian:12\nRUN yes | apt-get install --no-install-recommends curl\n', expect: [] },
  ],
  check({ model, report }) {
    for (const invocation of invocationsOf(model, ['apt-get', 'apt'], ['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep'])) {
      if (assumesYes(invocation)) continue;
      report({
        ...headSpan(invocation),
        message: `${invocation.program.text.replace(/^.*\//, '')} ${invocation.subcommand} without -y waits for a confirmation that never comes in a build.`,
        fixes: insertFlagFix(invocation, '-y'),
      });
    }
  },
};
