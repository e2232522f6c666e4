/**
 * Planted secrets: a workspace holding credentials in every place Drydock reads (a Dockerfile ENV and ARG, a
 * password in a URL, a compose environment, a Kubernetes env value) and a registry password in the Docker config the
 * online scan uses against a loopback registry that refuses connections. Every output — text, JSON and SARIF on
 * stdout, and everything on stderr — is searched for each secret, raw and base64-encoded.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { assertCliBuilt, makeTree, removeTree, runCli } from './cliHarness';

const SECRETS = {
  env: 'Zq7vK2pX9mN4wR8tY3bL6cF1hJ5dG0sA',
  github: 'ghp_R7kM2xQ9vL4nP8wT3yB6cF1hJ5dG0sAzE2u',
  urlPassword: 'Tr0ub4dor-9f8e7d6c',
  compose: 'c0mp0se-P4ss-8x7y6z5w',
  kubernetes: 'k8s-T0ken-4q3r2s1t0u9v',
  registry: 'r3gistry-P4ssw0rd-xyz987',
};

let root: string;
let closedPort = 0;
let blocker: Server;

before(async () => {
  assertCliBuilt();
  // A port that was free a moment ago and is closed again: connections are refused.
  blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  closedPort = (blocker.address() as { port: number }).port;
  await new Promise<void>((resolve) => blocker.close(() => resolve()));
  const registry = `127.0.0.1:${closedPort}`;
  root = makeTree({
    Dockerfile: `FROM ${registry}/team/app:1.0\nENV DB_PASSWORD=${SECRETS.env}\nARG GITHUB_TOKEN=${SECRETS.github}\nRUN curl -fsSL https://deploy:${SECRETS.urlPassword}@downloads.example.com/tool.tgz -o /tmp/t.tgz\n`,
    'compose.yaml': `services:\n  db:\n    image: ${registry}/team/db:1.0\n    environment:\n      POSTGRES_PASSWORD: ${SECRETS.compose}\n`,
    'pod.yaml': `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: ${registry}/team/app:1.0\n    env:\n    - {name: API_TOKEN, value: "${SECRETS.kubernetes}"}\n`,
    'docker/config.json': JSON.stringify({ auths: { [registry]: { auth: Buffer.from(`robot:${SECRETS.registry}`).toString('base64') } } }),
  });
});

after(() => {
  if (root) removeTree(root);
});

describe('planted secrets never appear in any output', { timeout: 120_000 }, () => {
  for (const format of ['text', 'json', 'sarif']) {
    it(`drydock scan --online --format ${format}`, async () => {
      const run = await runCli(['scan', '.', '--online', '--format', format, '--fail-on', 'none'], root, { DOCKER_CONFIG: join(root, 'docker'), XDG_CACHE_HOME: join(root, 'cache'), DRYDOCK_TODAY: '2026-11-26' });
      const output = `${run.stdout}\n${run.stderr}`;
      assert.ok(/secret|password|token/i.test(output), 'the secrets are reported (by name)');
      for (const [where, secret] of Object.entries(SECRETS)) {
        for (const form of [secret, Buffer.from(secret).toString('base64'), Buffer.from(`robot:${secret}`).toString('base64')]) {
          assert.ok(!output.includes(form), `the ${where} secret appears in the ${format} output:\n${output.split('\n').filter((l) => l.includes(form)).join('\n').slice(0, 500)}`);
        }
      }
    });
  }
});
