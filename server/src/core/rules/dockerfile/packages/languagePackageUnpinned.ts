import type { DockerfileRule } from '../../../rule';
import { hasOption, packageOperands, type PackageOperand } from './packageCommands';
import { commandLabel, invocationsOf, unpinnedReport } from './ruleKit';

/** `cargo install ripgrep`, `composer require vendor/pkg` without a version. */
export const languagePackageUnpinned: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/language-package-unpinned',
  title: 'cargo install / composer require without a version',
  severity: 'warning',
  category: 'supply-chain',
  equivalents: [],
  compliance: ['CIS-Docker-4.11', 'CWE-1357', 'CWE-494'],
  explanation: {
    what: '`cargo install <crate>` without `--version`/`crate@version` (or `--git` without `--rev`/`--tag`), or `composer require vendor/pkg` without a constraint.',
    why: 'The registry resolves the newest release at build time, so a malicious or breaking release lands in the image without review.',
    fix: 'Pin it: `cargo install ripgrep@14.1.1 --locked`, `cargo install --git https://github.com/org/tool --rev 3f2c1e0`, `composer require monolog/monolog:3.7.0`.',
  },
  fixtures: [
    { text: 'FROM rust:1.82\nRUN cargo install ripgrep\n', expect: ['ripgrep'] },
    { text: 'FROM rust:1.82\nRUN cargo install ripgrep@14.1.1 --locked && cargo install --version 0.9.0 sd && cargo install --path . && cargo install --git https://github.com/o/t --tag v1\n', expect: [] },
    { text: 'FROM rust:1.82\nRUN cargo install --git https://github.com/o/t\n', expect: ['--git'] },
    { text: 'FROM composer:2\nRUN composer global require laravel/installer && composer require "monolog/monolog:^3.0" psr/log 3.0.0\n', expect: ['laravel/installer'] },
  ],
  check({ model, report }) {
    for (const invocation of invocationsOf(model, ['cargo'], ['install', 'binstall'])) {
      if (hasOption(invocation, ['--path', '--list', '--version', '--vers'])) continue;
      const git = invocation.options.find((o) => o.name === '--git');
      if (git) {
        if (hasOption(invocation, ['--rev', '--tag'])) continue;
        report({ start: git.word.start, end: git.valueWord?.end ?? git.word.end, message: `cargo ${invocation.subcommand} --git without --rev or --tag installs whatever the branch holds — pin a tag or commit.` });
        continue;
      }
      const unpinned = packageOperands(model, invocation).filter((o) => !o.value.includes('@'));
      if (unpinned.length > 0) report(unpinnedReport(invocation, unpinned, `cargo ${invocation.subcommand}`, 'pin them as crate@version (and build with --locked).'));
    }
    for (const invocation of invocationsOf(model, ['composer'], ['require', 'global require'])) {
      const operands = packageOperands(model, invocation);
      const unpinned: PackageOperand[] = [];
      operands.forEach((o, n) => {
        if (!o.value.includes('/')) return; // a version token belongs to the preceding package
        if (/[:=\s]/.test(o.value)) return;
        const next = operands[n + 1];
        if (next && !next.value.includes('/')) return;
        unpinned.push(o);
      });
      if (unpinned.length > 0) report(unpinnedReport(invocation, unpinned, commandLabel(invocation), 'add a constraint as vendor/package:version.'));
    }
  },
};
