/**
 * The text-keyed LRU cache behind the shell-script, instruction-argument, instruction-line and YAML-document caches:
 * bounded by the characters of its keys, least recently used out first, every removal but `clear` reported.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TextCache } from '../../server/src/core/textCache';

describe('TextCache', () => {
  it('evicts the least recently used keys once the characters pass the budget, and reports each removal', () => {
    const removed: string[] = [];
    const cache = new TextCache<number>(10, { largestKey: 10, onRemove: (key) => removed.push(key) });
    cache.set('aaaa', 1);
    cache.set('bbbb', 2);
    assert.equal(cache.get('aaaa'), 1, 'a get makes aaaa the most recent');
    cache.set('cccc', 3);
    assert.deepEqual(removed, ['bbbb']);
    assert.equal(cache.peek('bbbb'), undefined);
    assert.equal(cache.peek('aaaa'), 1);
    cache.delete('aaaa');
    assert.deepEqual(removed, ['bbbb', 'aaaa']);
    cache.set('dddd', 4);
    assert.deepEqual(removed, ['bbbb', 'aaaa'], 'the deleted key no longer counts against the budget');
  });

  it('peek leaves the order alone; a key longer than the largest allowed is not kept', () => {
    const cache = new TextCache<number>(8, { largestKey: 8 });
    cache.set('aaaa', 1);
    cache.set('bbbb', 2);
    assert.equal(cache.peek('aaaa'), 1);
    cache.set('c', 3);
    assert.equal(cache.has('aaaa'), false, 'aaaa stayed the oldest');
    assert.equal(cache.has('bbbb'), true);
    const small = new TextCache<number>(160);
    small.set('x'.repeat(11), 1);
    assert.equal(small.has('x'.repeat(11)), false, 'above a sixteenth of the budget by default');
  });
});
