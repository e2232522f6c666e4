import type { DockerfileRule } from '../../../rule';
import { exposedPorts } from './expose';

const PROTOCOLS = ['tcp', 'udp', 'sctp'];

/** `EXPOSE 80/TCP` (casing) or `EXPOSE 80/http` (no such protocol). */
export const exposeProtocol: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/expose-protocol',
  title: 'EXPOSE protocol is not lowercase tcp, udp or sctp',
  severity: 'warning',
  category: 'correctness',
  equivalents: ['buildkit:ExposeProtoCasing', 'dockerfile-utils:INVALID_PROTO'],
  compliance: [],
  fixable: true,
  explanation: {
    what: 'An `EXPOSE` protocol that is not written in lowercase, or is not one of `tcp`, `udp`, `sctp`.',
    why: 'Docker only knows lowercase tcp, udp and sctp; other spellings are normalised today but rejected by some tools, and unknown protocols fail the build.',
    fix: 'Write `EXPOSE 53/udp`, `EXPOSE 80/tcp` (or just `EXPOSE 80`).',
  },
  fixtures: [
    { text: 'FROM alpine:3.20\nEXPOSE 80/TcP 8080/TCP 8080/udp\n', expect: ['TcP', 'TCP'], fixed: 'FROM alpine:3.20\nEXPOSE 80/tcp 8080/tcp 8080/udp\n' },
    { text: 'FROM alpine:3.20\nEXPOSE 80/http\n', expect: ['http'] },
    { text: 'FROM alpine:3.20\nEXPOSE 80 53/udp 9/sctp\n', expect: [] },
  ],
  check({ model, report }) {
    for (const port of exposedPorts(model)) {
      if (port.protocol === undefined || port.protocolStart === undefined || port.protocol.includes('$')) continue;
      const start = port.protocolStart;
      const end = start + port.protocol.length;
      const lower = port.protocol.toLowerCase();
      if (!PROTOCOLS.includes(lower)) {
        report({ start, end, message: `EXPOSE ${port.raw}: unknown protocol "${port.protocol}"; use tcp, udp or sctp.` });
      } else if (lower !== port.protocol) {
        report({
          start,
          end,
          message: `EXPOSE ${port.raw}: write the protocol in lowercase ("${lower}").`,
          fixes: [{ title: `Write "${lower}"`, edits: [{ start, end, newText: lower }], isPreferred: true }],
        });
      }
    }
  },
};
