import type { DockerfileRule } from '../../../rule';
import { substituteVariables } from '../../../documents/dockerfile';
import { copyOperands, flagOf, isGitSource, isUrl } from './copyOperands';
import { variablesInScope, instructionsWith } from '../helpers';

/** `ADD https://…` without `--checksum`: whatever the URL serves today goes into the image. */
export const addRemoteUrlWithoutChecksum: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/add-remote-url-without-checksum',
  title: 'ADD of a remote URL without --checksum',
  severity: 'warning',
  category: 'supply-chain',
  equivalents: [],
  compliance: ['CWE-494', 'CIS-Docker-4.9', 'CIS-Docker-4.11'],
  explanation: {
    what: '`ADD http(s)://…` without `--checksum=sha256:…`.',
    why:
      'ADD fetches the URL at build time and trusts whatever comes back. If the file changes upstream, is replaced by an attacker or ' +
      'intercepted, the image changes without any error, and builds are not reproducible.',
    fix:
      'Pin the digest so BuildKit verifies it (Dockerfile syntax 1.6+):\n\n```dockerfile\n# syntax=docker/dockerfile:1\n' +
      'ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool-1.2.3.tgz /tmp/\n```\n\n' +
      'Get the digest with `curl -fsSL <url> | sha256sum`, ideally compared with the one the publisher lists.',
  },
  fixtures: [
    { text: 'FROM alpine:3.20\nADD https://example.com/tool.tgz /tmp/\n', expect: ['https://example.com/tool.tgz'] },
    { text: 'FROM alpine:3.20\nARG V=1.2\nADD "https://example.com/tool-${V}.tgz" /tmp/\n', expect: ['"https://'] },
    { text: 'FROM alpine:3.20\nADD --checksum=sha256:' + 'a'.repeat(64) + ' https://example.com/tool.tgz /tmp/\n', expect: [] },
    { text: 'FROM alpine:3.20\nADD https://github.com/moby/buildkit.git#v0.15.0 /src\nADD app.tgz /opt/\n', expect: [], note: 'git sources have their own rule' },
  ],
  check({ model, report }) {
    for (const instruction of instructionsWith(model, ['ADD'])) {
      if (flagOf(instruction, 'checksum')) continue;
      const operands = copyOperands(model, instruction);
      if (!operands) continue;
      const scope = variablesInScope(model, instruction.onbuild ?? instruction);
      for (const source of operands.sources) {
        const value = substituteVariables(source.value, scope);
        if (!isUrl(value) || isGitSource(value)) continue;
        report({
          start: source.start,
          end: source.end,
          message: `ADD fetches ${value} without --checksum, so any change upstream or in transit goes unnoticed; add --checksum=sha256:<digest>.`,
        });
      }
    }
  },
};
