import type { DockerfileRule } from '../../../rule';
import { invocationsOf } from './ruleKit';

const APT_GET_SUBCOMMANDS = new Set(['update', 'install', 'reinstall', 'remove', 'purge', 'upgrade', 'dist-upgrade', 'autoremove', 'autopurge', 'clean', 'autoclean', 'source', 'build-dep', 'download', 'satisfy', 'changelog', 'check']);
const APT_CACHE_SUBCOMMANDS = new Set(['search', 'show', 'policy', 'depends', 'rdepends', 'showsrc', 'showpkg']);

/** `apt` is the interactive front end; its CLI is not stable for scripts. */
export const aptInsteadOfAptGet: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/apt-instead-of-apt-get',
  title: 'apt used instead of apt-get',
  severity: 'info',
  category: 'best-practice',
  equivalents: ['hadolint:DL3027', 'checkov:CKV_DOCKER_9'],
  compliance: [],
  fixable: true,
  explanation: {
    what: 'A RUN calls `apt` (the interactive front end) rather than `apt-get`/`apt-cache`.',
    why: '`apt` warns that its "CLI is not stable" when used in scripts: output and behaviour may change between releases, and it adds progress bars to build logs.',
    fix: 'Use `apt-get` for installing and `apt-cache` for queries: `RUN apt-get update && apt-get install -y curl`.',
  },
  fixtures: [
    { text: 'FROM ubuntu:24.04\nRUN apt update && apt install -y curl\n', expect: ['apt update', 'apt install'], fixed: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y curl\n' },
    { text: 'FROM ubuntu:24.04\nRUN rm -rf /var/lib/apt/lists/* apt && echo apt && apt-get install -y curl\n', expect: [], note: 'only the apt program, not the word (checkov#6310)' },
    { text: 'FROM ubuntu:24.04\nRUN apt-get install -y apt-transport-https apt-utils && apt-cache policy curl\n', expect: [], note: 'package names containing apt' },
    { text: 'FROM ubuntu:24.04\nRUN <<EOF\napt install -y git\nEOF\n', expect: ['apt install'], fixed: 'FROM ubuntu:24.04\nRUN <<EOF\napt-get install -y git\nEOF\n', note: 'heredoc body' },
  ],
  check({ model, report }) {
    for (const invocation of invocationsOf(model, ['apt'])) {
      const word = invocation.program;
      const source = model.text.slice(word.start, word.end);
      const replacement = APT_GET_SUBCOMMANDS.has(invocation.subcommand) ? 'apt-get' : APT_CACHE_SUBCOMMANDS.has(invocation.subcommand) ? 'apt-cache' : undefined;
      // Only apt-get takes the same arguments, so only that rename is offered as a fix.
      const fixes = invocation.editable && source.endsWith('apt') && replacement === 'apt-get' ? [{ title: 'Use apt-get', edits: [{ start: word.end - 3, end: word.end, newText: 'apt-get' }], isPreferred: true }] : undefined;
      const instead = replacement ? `${replacement} ${invocation.subcommand}` : invocation.subcommand === 'full-upgrade' ? 'apt-get dist-upgrade' : 'apt-get, apt-cache or dpkg-query';
      report({ start: word.start, end: word.end, message: `Use ${instead} instead of apt in scripts: apt's command line is not stable.`, fixes });
    }
  },
};
