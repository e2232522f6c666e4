/**
 * The shells' side of the model: predictions cached by input text (a keystroke changes one command,
 * the others keep their scores), filled by the ModelHost, read by the core through a port. The CLI
 * awaits the model before analysing; the language server asks in the background and analyses again.
 */
import type { ModelCandidates } from './core/model/candidates';
import { secretKey, type CommandPrediction, type ModelPredictions, type SecretPrediction, type SecretQuery } from './core/model/predictions';
import { ModelHost } from './model/host';

/** Entries kept per kind; oldest first out. */
const CACHE_LIMIT = 20_000;

export class PredictionCache {
  private readonly commands = new Map<string, CommandPrediction>();
  private readonly secrets = new Map<string, SecretPrediction>();

  readonly port: ModelPredictions = {
    command: (text) => this.commands.get(text),
    secret: (query) => this.secrets.get(secretKey(query)),
  };

  /** Inputs of `candidates` without a cached prediction. */
  missing(candidates: ModelCandidates): { commands: string[]; secrets: SecretQuery[] } {
    const commands = [...new Set(candidates.commands.map((c) => c.text))].filter((t) => !this.commands.has(t));
    const seen = new Set<string>();
    const secrets: SecretQuery[] = [];
    for (const s of candidates.secrets) {
      const query = { value: s.value, name: s.name, context: s.context };
      const key = secretKey(query);
      if (this.secrets.has(key) || seen.has(key)) continue;
      seen.add(key);
      secrets.push(query);
    }
    return { commands, secrets };
  }

  /**
   * Scores what is missing; resolves true when something new was learned, false when nothing was
   * missing or the model is unavailable (rules-only).
   */
  async fill(host: ModelHost, key: string, candidates: ModelCandidates): Promise<boolean> {
    const { commands, secrets } = this.missing(candidates);
    if (commands.length === 0 && secrets.length === 0) return false;
    const [scoredCommands, scoredSecrets] = await Promise.all([
      commands.length > 0 ? host.scoreCommands(key, commands, { explain: true }) : Promise.resolve([]),
      secrets.length > 0 ? host.scoreSecrets(key, secrets, { explain: true }) : Promise.resolve([]),
    ]);
    let learned = false;
    if (scoredCommands) {
      scoredCommands.forEach((p, i) => this.put(this.commands, commands[i], p));
      learned ||= scoredCommands.length > 0;
    }
    if (scoredSecrets) {
      scoredSecrets.forEach((p, i) => this.put(this.secrets, secretKey(secrets[i]), p));
      learned ||= scoredSecrets.length > 0;
    }
    return learned;
  }

  clear(): void {
    this.commands.clear();
    this.secrets.clear();
  }

  private put<V>(map: Map<string, V>, key: string, value: V): void {
    map.delete(key);
    map.set(key, value);
    if (map.size > CACHE_LIMIT) map.delete(map.keys().next().value!);
  }
}

/**
 * Scores every command and value once with the shipped model, in a worker of its own that stops
 * afterwards: what `drydock scan` does before analysing (and the editor's SARIF export, so both
 * write the same file). Undefined means rules only (the model could not run).
 */
export async function scoreOnce(candidates: ModelCandidates, log: (line: string) => void): Promise<ModelPredictions | undefined> {
  if (candidates.commands.length === 0 && candidates.secrets.length === 0) return undefined;
  const lines: string[] = [];
  const host = new ModelHost({ log: (line) => lines.push(line), timeoutMs: 30_000 });
  try {
    const cache = new PredictionCache();
    const learned = await cache.fill(host, 'cli', candidates);
    for (const line of lines) log(line);
    if (!learned && host.status().state === 'unavailable') {
      log(`model unavailable (${host.status().reason ?? 'unknown reason'}); rules only`);
      return undefined;
    }
    return cache.port;
  } finally {
    await host.dispose();
  }
}
