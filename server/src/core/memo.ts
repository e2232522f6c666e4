/**
 * Per-analysis memoisation. Many rules ask the same question of one model (every command of
 * every RUN, every ENV pair, …); the first asker computes it, the rest reuse it, and the cache
 * dies with the model.
 *
 * The answers live on their owner (a model, an instruction, a list of them), in one hidden property, not in a WeakMap
 * per question: V8's young-generation collector keeps a WeakMap entry's value alive while the WeakMap itself is old
 * (the module's maps always are), so each keystroke's answers — and through them the model they point into — were
 * copied and promoted to the old generation, to be freed only by a full collection. On the owner they die young with it.
 */
const ANSWERS = Symbol('drydock.memo');

type Owner = { [ANSWERS]?: Map<string, unknown> };

export function memoize<T>(owner: object, key: string, compute: () => T): T {
  let answers = (owner as Owner)[ANSWERS];
  if (answers === undefined) {
    answers = new Map();
    // Not enumerable: a memoised list or model still compares equal to one that was never asked.
    Object.defineProperty(owner, ANSWERS, { value: answers });
  } else {
    const cached = answers.get(key);
    if (cached !== undefined || answers.has(key)) return cached as T;
  }
  const value = compute();
  answers.set(key, value);
  return value;
}
