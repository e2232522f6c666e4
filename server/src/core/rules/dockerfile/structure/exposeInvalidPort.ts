import type { DockerfileRule } from '../../../rule';
import { exposedPorts } from './expose';

/** `EXPOSE 80000` or `EXPOSE http`: not a port Docker accepts. */
export const exposeInvalidPort: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/expose-invalid-port',
  title: 'EXPOSE with an invalid port',
  severity: 'error',
  category: 'correctness',
  equivalents: ['hadolint:DL3011', 'trivy:DS-0008', 'dockerfile-utils:INVALID_PORT'],
  compliance: [],
  fixable: false,
  explanation: {
    what: '`EXPOSE` with a port outside 0–65535, a range whose start is above its end, or something that is not a number.',
    why: 'Docker rejects the build or the container start (`invalid containerPort`); a typo here also means the documented port is wrong.',
    fix: 'Use a valid port or range: `EXPOSE 8080` or `EXPOSE 8000-8010/tcp`.',
  },
  fixtures: [
    { text: 'FROM alpine:3.20\nEXPOSE 80000\n', expect: ['80000'] },
    { text: 'FROM alpine:3.20\nEXPOSE 65530 8080 40000-80000/tcp\n', expect: ['40000-80000'] },
    { text: 'FROM alpine:3.20\nEXPOSE http\n', expect: ['http'] },
    { text: 'FROM alpine:3.20\nEXPOSE 80 443/tcp 53/udp 8000-8010 ${PORT} 40000-${MAX}\n', expect: [] },
  ],
  check({ model, report }) {
    for (const port of exposedPorts(model)) {
      if (port.dynamic) continue;
      const m = /^(\d+)(?:-(\d+))?$/.exec(port.ports);
      let problem: string | undefined;
      if (!m) problem = `"${port.ports}" is not a port number`;
      else {
        const low = Number(m[1]);
        const high = m[2] !== undefined ? Number(m[2]) : low;
        if (low > 65535 || high > 65535) problem = `${port.ports} is outside the valid range 0-65535`;
        else if (high < low) problem = `the range ${port.ports} ends before it starts`;
      }
      if (!problem) continue;
      report({ start: port.start, end: port.end, message: `EXPOSE ${port.raw}: ${problem}.` });
    }
  },
};
