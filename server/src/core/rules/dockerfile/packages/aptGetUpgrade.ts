import type { DockerfileRule } from '../../../rule';
import { headSpan } from './packageCommands';
import { invocationsOf } from './ruleKit';

/** `apt-get upgrade` / `dist-upgrade` inside an image build. */
export const aptGetUpgrade: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/apt-get-upgrade',
  title: 'apt-get upgrade / dist-upgrade in an image build',
  severity: 'info',
  category: 'best-practice',
  equivalents: ['trivy:DS-0024'],
  compliance: [],
  enabledByDefault: false,
  explanation: {
    what: 'A RUN upgrades every installed package (`apt-get upgrade`, `dist-upgrade`, `full-upgrade`).',
    why:
      'The result depends on the day of the build, so images are not reproducible, and upgrading inside an unprivileged container ' +
      'can fail for essential packages. Opinions differ — upgrading also picks up security fixes — hence this rule is off by default.',
    fix: 'Prefer a newer, regularly rebuilt base image (`FROM debian:12.8`), and install only the packages you need with pinned versions.',
  },
  fixtures: [
    { text: 'FROM debian:12\nRUN apt-get update && apt-get dist-upgrade -y && apt-get -y install curl\n', expect: ['apt-get dist-upgrade'] },
    { text: 'FROM debian:12\nRUN apt-get update && apt-get install -y --only-upgrade curl\n', expect: [] },
  ],
  check({ model, report }) {
    for (const invocation of invocationsOf(model, ['apt-get', 'apt', 'aptitude'], ['upgrade', 'dist-upgrade', 'full-upgrade', 'safe-upgrade'])) {
      report({ ...headSpan(invocation), message: `${invocation.program.text.replace(/^.*\//, '')} ${invocation.subcommand} makes the image depend on the day it was built; use a newer base image instead.` });
    }
  },
};
