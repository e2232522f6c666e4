import type { DockerfileRule } from '../../../rule';
import { substituteVariables } from '../../../documents/dockerfile';
import { finalStageChain, variablesInScope } from '../helpers';

/** Whether an EXPOSE entry (`22`, `22/tcp`, `20-25`) covers TCP port 22. */
function coversSsh(entry: string): boolean {
  const [ports, protocol = 'tcp'] = entry.toLowerCase().split('/');
  if (protocol !== 'tcp') return false;
  const range = /^(\d+)(?:-(\d+))?$/.exec(ports);
  if (!range) return false;
  const low = Number(range[1]);
  const high = range[2] ? Number(range[2]) : low;
  return low <= 22 && 22 <= high;
}

/** `EXPOSE 22` advertises an SSH endpoint in the final image. */
export const exposeSshPort: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/expose-ssh-port',
  title: 'SSH port 22 exposed',
  severity: 'warning',
  category: 'exposure',
  equivalents: ['checkov:CKV_DOCKER_1', 'trivy:DS-0004'],
  compliance: ['CIS-Docker-5.7'],
  fixable: false,
  explanation: {
    what: 'The final image `EXPOSE`s TCP port 22 (also `22/tcp`, or a range that contains 22), in the final stage or a stage it builds on.',
    why:
      'Port 22 means an SSH daemon is expected to run in the container: an extra remotely reachable login service ' +
      'whose keys and patches you must manage, and which `-P`/`--publish-all` publishes automatically.',
    fix: 'Remove the `EXPOSE 22` (and the SSH server); use `docker exec` or `kubectl exec` for shell access.',
  },
  fixtures: [
    { text: 'FROM alpine:3.20\nUSER mike\nEXPOSE 22\n', expect: ['22'] },
    { text: 'FROM alpine:3.20\nEXPOSE 8080 22/tcp\n', expect: ['22/tcp'] },
    { text: 'FROM alpine:3.20\nEXPOSE 20-30\n', expect: ['20-30'] },
    { text: 'FROM alpine:3.20\nARG SSH_PORT=22\nEXPOSE ${SSH_PORT}\n', expect: ['${SSH_PORT}'] },
    { text: 'FROM alpine:3.20\nEXPOSE 8080 2222 22/udp\n', expect: [] },
    { text: 'FROM alpine:3.20 AS sshbuild\nEXPOSE 22\nFROM alpine:3.20\nEXPOSE 80\n', expect: [], note: 'only the final image matters' },
  ],
  check({ model, report }) {
    for (const stage of finalStageChain(model)) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'EXPOSE') continue;
        let scope: ReadonlyMap<string, string | undefined> | undefined;
        for (const arg of instruction.args) {
          let value = arg.value;
          if (value.includes('$')) {
            scope ??= variablesInScope(model, instruction);
            value = substituteVariables(value, scope);
          }
          if (!coversSsh(value)) continue;
          report({ start: arg.start, end: arg.end, message: `EXPOSE ${arg.value} advertises SSH (TCP 22); remove it and the SSH server, and use docker/kubectl exec for access.`, evidence: value });
        }
      }
    }
  },
};
