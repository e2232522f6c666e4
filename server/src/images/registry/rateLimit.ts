/** Rate-limit headers of registry responses (Docker Hub's `ratelimit-*`, RFC 9110 `retry-after`). */

export interface RateLimitInfo {
  /** Requests allowed per window (`ratelimit-limit: 100;w=21600`). */
  limit?: number;
  remaining?: number;
  windowSeconds?: number;
  /** `docker-ratelimit-source`: the IP or account the limit is counted against. */
  source?: string;
}

export function parseRateLimitHeaders(headers: { get(name: string): string | null }): RateLimitInfo | undefined {
  const limit = parseQuota(headers.get('ratelimit-limit'));
  const remaining = parseQuota(headers.get('ratelimit-remaining'));
  const source = headers.get('docker-ratelimit-source')?.trim() || undefined;
  if (!limit && !remaining && !source) return undefined;
  const info: RateLimitInfo = {};
  if (limit) info.limit = limit.count;
  if (remaining) info.remaining = remaining.count;
  const window = limit?.window ?? remaining?.window;
  if (window !== undefined) info.windowSeconds = window;
  if (source) info.source = source;
  return info;
}

function parseQuota(value: string | null): { count: number; window?: number } | undefined {
  if (!value) return undefined;
  const [countText, ...params] = value.split(';').map((p) => p.trim());
  const count = Number(countText);
  if (!Number.isFinite(count) || countText === '') return undefined;
  const windowParam = params.find((p) => p.startsWith('w='));
  const window = windowParam ? Number(windowParam.slice(2)) : undefined;
  return window !== undefined && Number.isFinite(window) ? { count, window } : { count };
}

/** Seconds to wait from `retry-after` (delta seconds or an HTTP date), or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - nowMs) / 1000));
}
