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

export class TextCache<V> {
  private readonly entries = new Map<string, V>();
  private characters = 0;

  /** `budget`: total characters of the keys kept. */
  constructor(
    private readonly budget: number,
    private readonly options: TextCacheOptions<V> = {},
  ) {}

  /** The value of `key`, which becomes the most recently used. */
  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** The value of `key`, its place in the order unchanged. */
  peek(key: string): V | undefined {
    return this.entries.get(key);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  set(key: string, value: V): void {
    if (key.length > (this.options.largestKey ?? this.budget / 16) || this.entries.has(key)) return;
    this.entries.set(key, value);
    this.characters += key.length;
    for (const oldest of this.entries.keys()) {
      if (this.characters <= this.budget) break;
      this.delete(oldest);
    }
  }

  delete(key: string): void {
    const value = this.entries.get(key);
    if (value === undefined) return;
    this.entries.delete(key);
    this.characters -= key.length;
    this.options.onRemove?.(key, value);
  }

  clear(): void {
    this.entries.clear();
    this.characters = 0;
  }
}
