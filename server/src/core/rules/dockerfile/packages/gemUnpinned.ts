import type { DockerfileRule } from '../../../rule';
import { hasOption, isLocalPath } from './packageCommands';
import { commandLabel, invocationsOf, unpinnedOperands, unpinnedReport } from './ruleKit';

/** `gem install bundler` without `:version` or `-v`. */
export const gemUnpinned: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/gem-unpinned',
  title: 'gem install without pinned versions',
  severity: 'warning',
  category: 'supply-chain',
  equivalents: ['hadolint:DL3028'],
  compliance: ['CIS-Docker-4.11', 'CWE-1357', 'CWE-494'],
  explanation: {
    what: '`gem install` names gems without a version (`bundler` instead of `bundler:2.5.6` or `bundler -v 2.5.6`).',
    why: 'RubyGems serves the newest release at build time, so a malicious or breaking release enters the image unreviewed.',
    fix: 'Pin each gem: `gem install bundler:2.5.6 rake:13.2.1`, or `gem install bundler -v 2.5.6` for a single gem. Better, install from a Gemfile.lock with `bundle install`.',
  },
  fixtures: [
    { text: 'FROM ruby:3.3\nRUN gem i bundler:1 nokogiri\n', expect: ['nokogiri'] },
    { text: "FROM ruby:3.3\nRUN gem install bundler --version '2.0.1' --no-document\n", expect: [] },
    { text: 'FROM ruby:3.3\nRUN gem install bundler:2.0.1 -- --use-system-libraries true\n', expect: [], note: 'words after -- are build arguments' },
  ],
  check({ model, report }) {
    for (const invocation of invocationsOf(model, ['gem'], ['install', 'i'])) {
      if (hasOption(invocation, ['-v', '--version'])) continue;
      // `true`/`false` are values of boolean build options (`--use-system-libraries true`), not gems.
      const unpinned = unpinnedOperands(model, invocation, (v) => v.includes(':') || v.endsWith('.gem') || isLocalPath(v) || v === 'true' || v === 'false');
      if (unpinned.length === 0) continue;
      report(unpinnedReport(invocation, unpinned, commandLabel(invocation), 'pin them as name:version.'));
    }
  },
};
