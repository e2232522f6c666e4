/**
 * A least-recently-used cache keyed by text and bounded by the total length of its keys: the shape of every cache that
 * makes a keystroke cheap (parsed shell scripts, tokenised instruction arguments, instruction lines for code actions).
 * Keys are the exact text a value was computed from, so a hit is what computing again would give; what a key costs in
 * memory grows with its length, hence the bound in characters rather than entries.
 */
export class TextCache<V> {
  private readonly entries = new Map<string, V>();
  private characters = 0;

  /** `budget`: total characters of the keys kept; a single key above `budget / 16` is never kept. */
  constructor(private readonly budget: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  set(key: string, value: V): void {
    if (key.length > this.budget / 16 || this.entries.has(key)) return;
    this.entries.set(key, value);
    this.characters += key.length;
    for (const [oldest] of this.entries) {
      if (this.characters <= this.budget) break;
      this.entries.delete(oldest);
      this.characters -= oldest.length;
    }
  }

  clear(): void {
    this.entries.clear();
    this.characters = 0;
  }
}
