import type { DockerfileRule } from '../../../rule';
import { unquote } from './util';
import { instructionsWith } from '../helpers';

/** `MAINTAINER` has been deprecated since Docker 1.13; the OCI label carries the same information. */
export const maintainerDeprecated: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/maintainer-deprecated',
  title: 'MAINTAINER is deprecated',
  severity: 'info',
  category: 'maintainability',
  equivalents: ['hadolint:DL4000', 'checkov:CKV_DOCKER_6', 'trivy:DS-0022', 'buildkit:MaintainerDeprecated', 'dockerfile-utils:DEPRECATED_MAINTAINER'],
  compliance: [],
  fixable: true,
  explanation: {
    what: 'The `MAINTAINER` instruction.',
    why: 'It is deprecated and only fills a legacy image field that tools no longer read; the standard place for the author is the OCI label.',
    fix: '```dockerfile\nLABEL org.opencontainers.image.authors="Jane Doe <jane@example.org>"\n```',
  },
  fixtures: [
    {
      text: 'FROM alpine:3.20\nMAINTAINER Jane Doe <jane@example.org>\n',
      expect: ['MAINTAINER'],
      fixed: 'FROM alpine:3.20\nLABEL org.opencontainers.image.authors="Jane Doe <jane@example.org>"\n',
    },
    { text: 'FROM alpine:3.20\nMAINTAINER "me@example.org"\r\n', expect: ['MAINTAINER'], fixed: 'FROM alpine:3.20\nLABEL org.opencontainers.image.authors="me@example.org"\r\n', note: 'quotes, CRLF' },
    { text: 'FROM alpine:3.20\nLABEL org.opencontainers.image.authors="me@example.org"\n', expect: [] },
  ],
  check({ model, report }) {
    for (const instruction of instructionsWith(model, ['MAINTAINER'], false)) {
      const raw = instruction.argsText.trim();
      const single = raw && !/[\r\n]/.test(raw);
      const author = unquote(raw);
      const label = `LABEL org.opencontainers.image.authors="${author.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
      const end = instruction.argsStart + instruction.argsText.trimEnd().length;
      report({
        start: instruction.keywordStart,
        end: Math.max(instruction.keywordEnd, Math.min(end, model.lines.lineEnd(instruction.line))),
        message: `MAINTAINER is deprecated; use ${single ? label : 'LABEL org.opencontainers.image.authors="…"'}.`,
        fixes: single ? [{ title: 'Replace with the org.opencontainers.image.authors label', edits: [{ start: instruction.keywordStart, end, newText: label }], isPreferred: true }] : undefined,
      });
    }
  },
};
