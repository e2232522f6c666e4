/**
 * The local feedback file: findings of the model that the user marked as expected, recorded only
 * when they turned `drydock.model.feedback` on, for retraining. Nothing leaves the machine; the
 * file is plain JSON lines the user can read, delete or export with `drydock model feedback export`.
 */
import { appendFileSync, mkdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cacheRoot } from './localData';

export interface FeedbackEntry {
  /** ISO time. */
  at: string;
  rule: string;
  /** The flagged command or value text (values redacted to their shape when they are secrets). */
  text: string;
  verdict: 'expected';
  reason?: string;
}

export function defaultFeedbackFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheRoot(env), 'model-feedback.jsonl');
}

/** Secret values never go into the file as they are: only their character classes and length. */
export function shapeOf(value: string): string {
  return value.replace(/[A-Z]/g, 'A').replace(/[a-z]/g, 'a').replace(/[0-9]/g, '9');
}

export function recordFeedback(entry: FeedbackEntry, file = defaultFeedbackFile()): void {
  mkdirSync(dirname(file), { recursive: true });
  const safe = entry.rule === 'model/secret' ? { ...entry, text: shapeOf(entry.text) } : entry;
  appendFileSync(file, `${JSON.stringify(safe)}\n`, { mode: 0o600 });
}

export function readFeedback(file = defaultFeedbackFile()): FeedbackEntry[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as FeedbackEntry];
      } catch {
        return [];
      }
    });
}
