/**
 * The "pin to digest" fix, once the registry said which digest a tag points at: `@sha256:…` is
 * appended to the reference text (inside quotes), keeping the tag so readers still see the version.
 */
import type { OffsetFix } from '../rule';
import type { ImageReference } from '../documents/imageReference';
import type { ImageFactsProvider } from './facts';

export function pinToDigestFix(text: string, end: number, ref: ImageReference, images: ImageFactsProvider | undefined, platform?: string): OffsetFix | undefined {
  if (ref.digest) return undefined;
  const digest = images?.get(ref, platform)?.digest;
  if (!digest || !/^sha256:[a-f0-9]{64}$/.test(digest)) return undefined;
  const at = text[end - 1] === '"' || text[end - 1] === "'" ? end - 1 : end;
  return { title: `Pin to digest ${digest.slice(0, 19)}…`, edits: [{ start: at, end: at, newText: `@${digest}` }], isPreferred: true };
}
