/**
 * A least-recently-used cache keyed by text and bounded by the total length of its keys: the shape of every cache that
 * makes a keystroke cheap (parsed shell scripts, tokenised instruction arguments, instruction lines for code actions).
 * Keys are the exact text a value was computed from, so a hit is what computing again would give; what a key costs in
 * memory grows with its length, hence the bound in characters rather than entries.
 */
export interface TextCacheOptions<V> {
  /** The longest key kept (default: a sixteenth of the budget). */
  largestKey?: number;
  /** Called for each entry that leaves the cache, evicted or deleted (not on `clear`). */
  onRemove?: (key: string, value: V) => void;
}

interface Entry<V> {
  value: V;
  /** Read since it last passed the head of the eviction order ("second chance"). */
  used: boolean;
}

/**
 * Least recently used out first, approximately ("second chance"): a read marks its entry rather than moving it to
 * the back of the Map (a delete and a set per hit, about 300 hits per keystroke on the instruction-argument cache).
 * Eviction walks from the oldest entry; a marked one loses its mark and goes to the back, an unmarked one leaves.
 */
export class TextCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private characters = 0;

  /** `budget`: total characters of the keys kept. */
  constructor(
    private readonly budget: number,
    private readonly options: TextCacheOptions<V> = {},
  ) {}

  /** The value of `key`, which is kept over the entries not read since. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    entry.used = true;
    return entry.value;
  }

  /** The value of `key`, its place in the order unchanged. */
  peek(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  set(key: string, value: V): void {
    if (key.length > (this.options.largestKey ?? this.budget / 16) || this.entries.has(key)) return;
    this.entries.set(key, { value, used: false });
    this.characters += key.length;
    if (this.characters <= this.budget) return;
    for (const [oldest, entry] of this.entries) {
      if (this.characters <= this.budget) break;
      if (entry.used && oldest !== key) {
        entry.used = false;
        this.entries.delete(oldest);
        this.entries.set(oldest, entry);
      } else this.delete(oldest);
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.characters -= key.length;
    this.options.onRemove?.(key, entry.value);
  }

  clear(): void {
    this.entries.clear();
    this.characters = 0;
  }
}
