/**
 * A keystroke's analysis must leave its model to the young generation. Objects that die within an analysis cost a
 * scavenge nothing; objects kept past it are copied and promoted to the old generation, where only a full collection
 * frees them — under a burst of edits that was a full collection every few dozen analyses and scavenges copying
 * ~550 KB each (serverProcess.ts). Two code patterns did it: memo answers in module-level WeakMaps (V8's scavenger
 * keeps an old WeakMap's values alive) and an object literal with a getter closing over the model (engine.ts). This
 * measures what stays: the old generation's growth over keystroke analyses, with young-generation collections after
 * each (sizes, not times; allocation-site pretenuring off as in the server, so only what is still referenced moves).
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadShellParser } from '../../server/src/shellParserLoader';
import { analyzeDocument } from '../../server/src/core/engine';
import { memoize } from '../../server/src/core/memo';
import { sampleDockerfile } from '../../server/src/lsp/warmUp';
import type { ShellParser } from '../../server/src/core/documents/shell';

type Collect = (options?: { type: 'minor' | 'major' }) => void;

setFlagsFromString('--expose-gc');
setFlagsFromString('--no-allocation-site-pretenuring');
// A context created after the flag has the collector's hook.
const collect = runInNewContext('gc') as Collect;

const oldGenerationBytes = () =>
  getHeapSpaceStatistics()
    .filter((space) => !space.space_name.startsWith('new_'))
    .reduce((sum, space) => sum + space.space_used_size, 0);

let shellParser: ShellParser;
before(async () => {
  shellParser = await loadShellParser();
});

describe('analyses leave their models to the young generation', () => {
  it('a keystroke in a 300-line Dockerfile keeps less than 600 KB past its analysis (a whole model is ~800 KB)', () => {
    let text = sampleDockerfile(300);
    let keystroke = 0;
    const analyse = (count: number) => {
      for (let i = 0; i < count; i++) {
        const lines = text.split('\n');
        lines[150 + (keystroke++ % 5)] += ' ';
        text = lines.join('\n');
        analyzeDocument({ fileName: 'Dockerfile', text, languageId: 'dockerfile' }, undefined, { shellParser, project: {}, today: '2026-11-27' });
        collect({ type: 'minor' });
        collect({ type: 'minor' });
      }
    };
    analyse(30);
    // One measurement of 20 analyses ranged from 200 to 435 KB per analysis with the models dying young, and from 930
    // to 1,160 KB with either retention put back: the median of three, against 600 KB, keeps the two apart.
    const perAnalysis: number[] = [];
    // A full collection in the middle of a measurement would make it negative: measure again.
    for (let attempt = 0; attempt < 6 && perAnalysis.length < 3; attempt++) {
      collect();
      const before = oldGenerationBytes();
      analyse(20);
      const grown = oldGenerationBytes() - before;
      if (grown >= 0) perAnalysis.push(grown / 20);
    }
    assert.equal(perAnalysis.length, 3, 'full collections interrupted the measurements');
    const kilobytes = perAnalysis.sort((a, b) => a - b)[1] / 1024;
    assert.ok(kilobytes < 600, `${kilobytes.toFixed(0)} KB per analysis moved to the old generation`);
  });

  it('memo answers live on their owner, hidden from comparisons', () => {
    const owner = [1, 2, 3];
    let computed = 0;
    const answer = () => memoize(owner, 'sum', () => (computed++, owner.reduce((a, b) => a + b, 0)));
    assert.equal(answer(), 6);
    assert.equal(answer(), 6);
    assert.equal(computed, 1);
    assert.deepEqual(owner, [1, 2, 3]);
    assert.deepEqual(Object.keys(owner), ['0', '1', '2']);
    assert.equal(memoize({}, 'sum', () => undefined), undefined);
  });
});
