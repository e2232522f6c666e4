import type { DockerfileRule } from '../../../rule';
import { exposedPorts } from './expose';

/** `EXPOSE 127.0.0.1:80:80`: publishing is decided at `docker run`, not in the image. */
export const exposeHostMapping: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/expose-host-mapping',
  title: 'EXPOSE with a host IP or host port',
  severity: 'warning',
  category: 'correctness',
  equivalents: ['buildkit:ExposeInvalidFormat'],
  compliance: [],
  fixable: true,
  explanation: {
    what: '`EXPOSE` with an IP address or a `host:container` mapping (`EXPOSE 127.0.0.1:80:80`, `EXPOSE 5000:5000`).',
    why: 'EXPOSE only documents the container port; the host part is ignored today and will become an error in a future BuildKit release.',
    fix: 'Expose the container port only (`EXPOSE 80`) and publish with `docker run -p 127.0.0.1:80:80`.',
  },
  fixtures: [
    {
      text: 'FROM alpine:3.20\nEXPOSE 127.0.0.1:80:80 [::1]:8080:8080 5000:5000/udp 8000\n',
      expect: ['127.0.0.1', '[::1]', '5000:5000'],
      fixed: 'FROM alpine:3.20\nEXPOSE 80 8080 5000/udp 8000\n',
    },
    { text: 'FROM alpine:3.20\nEXPOSE 80 443/tcp ${PORT}\n', expect: [] },
  ],
  check({ model, report }) {
    for (const port of exposedPorts(model)) {
      if (port.hostPart === undefined || port.dynamic) continue;
      const replacement = port.ports + (port.protocol !== undefined ? `/${port.protocol}` : '');
      report({
        start: port.start,
        end: port.end,
        message: `EXPOSE ${port.raw} includes a host ${/^[\d.]+$|^\[/.test(port.hostPart.split(':')[0]) ? 'IP address' : 'port'}; expose only the container port (${replacement}) and publish with docker run -p.`,
        fixes: [{ title: `Expose ${replacement}`, edits: [{ start: port.start, end: port.end, newText: replacement }], isPreferred: true }],
      });
    }
  },
};
