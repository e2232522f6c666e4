/**
 * The server's idle-time warm-up (lsp/warmUp.ts) and the yield that lets the client's queued messages through
 * between slices of background work (lsp/incomingMessages.ts).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../server/src/core/engine';
import {
  FIRST_USE_SAMPLES,
  REHEARSED_KEYSTROKES,
  rehearsalSteps,
  rehearsalUri,
  sampleDockerfile,
  sampleManifest,
  WARM_UP_ANALYSES,
  warmUpSteps,
  type WarmUpSample,
} from '../../server/src/lsp/warmUp';
import { fileNameOf } from '../../server/src/lsp/validator';
import { messageStrategy, yieldToMessages } from '../../server/src/lsp/incomingMessages';
import { runToEnd } from '../../server/src/core/steps';
import { loadShellParser } from '../../server/src/shellParserLoader';

/** The line `after` changed from `before`, asserting that it is one line and that the change is a space at its end. */
function typedLine(before: string, after: string, label: string): number {
  const beforeLines = before.split('\n');
  const afterLines = after.split('\n');
  const changed = afterLines.flatMap((line, n) => (line === beforeLines[n] ? [] : [n]));
  assert.equal(changed.length, 1, `${label}: one line changed per keystroke`);
  assert.equal(afterLines[changed[0]], `${beforeLines[changed[0]]} `, `${label}: a space appended at the end of that line`);
  return changed[0];
}

describe('warm-up samples', () => {
  it('are documents the analysis reads without a problem, with findings for the rules to warm', async () => {
    const shellParser = await loadShellParser();
    const samples: WarmUpSample[] = [
      ...FIRST_USE_SAMPLES,
      { uri: 'Dockerfile', text: sampleDockerfile(300), languageId: 'dockerfile' },
      { uri: 'deployment.yaml', text: sampleManifest(600), languageId: 'yaml' },
    ];
    for (const sample of samples) {
      const result = analyzeDocument({ fileName: sample.uri.split('/').pop()!, text: sample.text, languageId: sample.languageId }, undefined, { shellParser, project: {} });
      assert.deepEqual(result.errors, [], `${sample.uri}: no analysis problem`);
      assert.ok(result.findings.length > 0, `${sample.uri}: findings`);
    }
    assert.ok(sampleDockerfile(300).split('\n').length >= 300);
    assert.ok(sampleManifest(600).split('\n').length >= 600);
  });

  it('analyse each sample kind the set number of times, a keystroke apart, and abandon some midway as a newer keystroke does', () => {
    const completed: WarmUpSample[] = [];
    const abandoned: WarmUpSample[] = [];
    runToEnd(
      warmUpSteps(function* (sample) {
        let finished = false;
        try {
          for (let step = 0; step < 30; step++) yield;
          finished = true;
          completed.push(sample);
        } finally {
          if (!finished) abandoned.push(sample);
        }
      }),
    );
    const dockerfiles = completed.filter((s) => s.languageId === 'dockerfile');
    assert.equal(dockerfiles.length, WARM_UP_ANALYSES.dockerfile);
    assert.equal(completed.filter((s) => s.uri.endsWith('deployment.yaml')).length, WARM_UP_ANALYSES.yaml);
    for (let i = 1; i < dockerfiles.length; i++) {
      assert.notEqual(dockerfiles[i].text, dockerfiles[i - 1].text, 'each analysis sees a changed text');
      assert.equal(dockerfiles[i].text.length, dockerfiles[i - 1].text.length + 1, 'one character typed');
      typedLine(dockerfiles[i - 1].text, dockerfiles[i].text, 'sample Dockerfile');
    }
    // Some are abandoned midway, as the queue drops a stale analysis, so its return path is warm too.
    assert.ok(abandoned.filter((s) => s.languageId === 'dockerfile').length >= WARM_UP_ANALYSES.dockerfile / 5);
    assert.ok(abandoned.some((s) => s.uri.endsWith('deployment.yaml')));
  });
});

describe('rehearsal of typing into the open documents', () => {
  const open: WarmUpSample[] = [
    { uri: rehearsalUri('file:///work/api/Dockerfile', 0), text: 'FROM node:20\nRUN npm ci\nUSER node\nCMD ["node", "a.js"]\n', languageId: 'dockerfile' },
    { uri: rehearsalUri('file:///work/compose.yaml', 1), text: 'services:\n  web:\n    image: nginx:1.27\n    ports: ["80:80"]\n', languageId: 'yaml' },
  ];

  it('analyses each document the set number of times, interleaved, one space typed at a time at lines spread over it', () => {
    const analysed: WarmUpSample[] = [];
    runToEnd(
      rehearsalSteps(open, function* (sample) {
        analysed.push(sample);
        yield;
      }),
    );
    assert.equal(analysed.length, open.length * REHEARSED_KEYSTROKES);
    assert.deepEqual(
      analysed.slice(0, open.length).map((s) => s.uri),
      open.map((s) => s.uri),
      'the documents take turns, as in a burst of edits',
    );
    for (const document of open) {
      const typed = [document, ...analysed.filter((s) => s.uri === document.uri)];
      const lines = new Set<number>();
      for (let i = 1; i < typed.length; i++) {
        assert.equal(typed[i].languageId, document.languageId);
        lines.add(typedLine(typed[i - 1].text, typed[i].text, document.uri));
      }
      assert.ok(lines.size > 1, `${document.uri}: the keystrokes are spread over the document (${[...lines]})`);
    }
  });

  it('analyses under a URI of its own that keeps the file name the analysis reads', () => {
    assert.equal(fileNameOf(rehearsalUri('file:///work/api/Dockerfile.dev', 3)), 'Dockerfile.dev');
    assert.equal(fileNameOf(rehearsalUri('untitled:Untitled-1', 0)), 'Untitled-1');
    assert.equal(fileNameOf(rehearsalUri('file:///work/docker-compose.yml', 0)), 'docker-compose.yml');
    assert.notEqual(rehearsalUri('file:///a/Dockerfile', 0), rehearsalUri('file:///b/Dockerfile', 1), 'two open Dockerfiles, two URIs');
    assert.ok(!rehearsalUri('file:///work/api/Dockerfile', 0).startsWith('file:'), 'never a file of the workspace');
  });
});

describe('yieldToMessages', () => {
  /** Queues `count` messages the way vscode-jsonrpc does: one handled per turn of the event loop, each queuing the next. */
  function queueMessages(count: number, handled: number[]): void {
    const next = (n: number) =>
      setImmediate(() => {
        messageStrategy.handleMessage({ jsonrpc: '2.0' }, () => {
          handled.push(n);
        });
        if (n + 1 < count) next(n + 1);
      });
    next(0);
  }

  it('returns once every queued message has been handled, not after the first', async () => {
    const handled: number[] = [];
    queueMessages(20, handled);
    await yieldToMessages();
    assert.equal(handled.length, 20);
  });

  it('returns after two turns when nothing comes in', async () => {
    let turns = 0;
    const count = () =>
      setImmediate(() => {
        turns++;
        if (turns < 10) count();
      });
    count();
    await yieldToMessages();
    assert.ok(turns <= 3, `${turns} turns`);
  });
});
