/**
 * Per-analysis memoisation. Many rules ask the same question of one model (every command of
 * every RUN, every ENV pair, …); the first asker computes it, the rest reuse it, and the cache
 * dies with the model.
 *
 * One WeakMap per question (key) rather than one Map per owner: owners are often small objects
 * (an instruction, a word list) asked one question, and a Map per owner cost more than the answer.
 * The keys are the fixed question names written in the code, so the outer Map stays small.
 */
const caches = new Map<string, WeakMap<object, unknown>>();

export function memoize<T>(owner: object, key: string, compute: () => T): T {
  let cache = caches.get(key);
  if (!cache) {
    cache = new WeakMap();
    caches.set(key, cache);
  }
  const cached = cache.get(owner);
  if (cached !== undefined || cache.has(owner)) return cached as T;
  const value = compute();
  cache.set(owner, value);
  return value;
}
