/**
 * Per-analysis memoisation. Many rules ask the same question of one model (every command of
 * every RUN, every ENV pair, …); the first asker computes it, the rest reuse it, and the cache
 * dies with the model.
 */
const caches = new WeakMap<object, Map<string, unknown>>();

export function memoize<T>(owner: object, key: string, compute: () => T): T {
  let cache = caches.get(owner);
  if (!cache) {
    cache = new Map();
    caches.set(owner, cache);
  }
  if (cache.has(key)) return cache.get(key) as T;
  const value = compute();
  cache.set(key, value);
  return value;
}
