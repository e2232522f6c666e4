/**
 * Living next to Docker DX and Red Hat YAML without saying the same thing twice. The client tells
 * the server which of them are installed and reporting (their own settings considered); the server
 * leaves to them what they report for the same concern, in the editor only. The CLI, the SARIF
 * export and the security report still count everything.
 *
 * - Docker DX runs BuildKit's build checks on Dockerfiles on disk (`file:` URIs): a rule whose
 *   equivalents name a `buildkit:` check is left to it.
 * - Red Hat YAML (with `yaml.validate` on) and Docker DX's compose server report YAML syntax
 *   errors where they are; our one-line note about the syntax error is left out.
 */
import { ruleById } from '../core/rules';
import { isComposeName, isDockerfileName } from '../core/documents/detect';
import { isYamlSyntaxNotice } from '../core/engine';
import type { AnalysisError, Finding } from '../core/findings';

export const PEERS_NOTIFICATION = 'drydock/peers';

/** What the client saw (client/src/peers.ts): which neighbours are installed, enabled and (by their settings) reporting. */
export interface Peers {
  /** Docker DX: BuildKit checks on Dockerfiles. */
  dockerDx: boolean;
  /** Docker DX's compose language server (`docker.extension.enableComposeLanguageServer`). */
  dockerDxCompose: boolean;
  /** Red Hat YAML with validation on (`yaml.validate`). */
  redHatYaml: boolean;
}

/** The user's switches (`drydock.coexistence.*`). */
export interface CoexistenceSettings {
  dockerDx: boolean;
  redHatYaml: boolean;
}

export const NO_PEERS: Peers = { dockerDx: false, dockerDxCompose: false, redHatYaml: false };

export function normalisePeers(raw: unknown): Peers {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  return { dockerDx: r.dockerDx === true, dockerDxCompose: r.dockerDxCompose === true, redHatYaml: r.redHatYaml === true };
}

export interface DocumentRef {
  uri: string;
  /** The editor's language id when the document is open; unknown for files read from disk. */
  languageId?: string;
}

/** The BuildKit check a rule leaves to Docker DX, if any. */
export function buildkitCheckOf(ruleId: string): string | undefined {
  const equivalent = ruleById(ruleId)?.equivalents.find((e) => e.startsWith('buildkit:'));
  return equivalent?.slice('buildkit:'.length);
}

function isDockerfile(document: DocumentRef): boolean {
  return document.languageId === 'dockerfile' || (document.languageId === undefined && isDockerfileName(document.uri));
}

/** Docker DX lints Dockerfiles it can hand to `docker buildx`: files on disk. */
function dockerDxReports(document: DocumentRef, peers: Peers, settings: CoexistenceSettings): boolean {
  return peers.dockerDx && settings.dockerDx && document.uri.startsWith('file:') && isDockerfile(document);
}

function yamlPeerReportsSyntax(document: DocumentRef, peers: Peers, settings: CoexistenceSettings): boolean {
  const name = document.uri.slice(document.uri.lastIndexOf('/') + 1);
  const compose = document.languageId === 'dockercompose' || (document.languageId === undefined && isComposeName(name));
  const yaml = document.languageId === 'yaml' || compose || /\.ya?ml$/i.test(name);
  if (settings.redHatYaml && peers.redHatYaml && yaml) return true;
  return settings.dockerDx && peers.dockerDxCompose && compose && document.uri.startsWith('file:');
}

export interface PeerSplit {
  shown: Finding[];
  /** Findings another extension reports for the same concern in this document. */
  leftToPeers: Finding[];
  errors: AnalysisError[];
}

/** Splits one document's results into what the editor shows and what it leaves to the neighbours. */
export function splitForPeers(document: DocumentRef, findings: readonly Finding[], errors: readonly AnalysisError[], peers: Peers, settings: CoexistenceSettings): PeerSplit {
  const buildkit = dockerDxReports(document, peers, settings);
  const shown: Finding[] = [];
  const leftToPeers: Finding[] = [];
  for (const finding of findings) (buildkit && buildkitCheckOf(finding.rule) ? leftToPeers : shown).push(finding);
  const syntax = yamlPeerReportsSyntax(document, peers, settings);
  return { shown, leftToPeers, errors: syntax ? errors.filter((e) => !isYamlSyntaxNotice(e)) : [...errors] };
}

/** The line hovers and rule pages carry for a rule Docker DX may report instead. */
export function coexistenceNote(ruleId: string): string | undefined {
  const check = buildkitCheckOf(ruleId);
  if (!check) return undefined;
  return (
    `**With Docker DX** — when the Docker DX extension is installed, the editor leaves this to its BuildKit check \`${check}\` ` +
    'in Dockerfiles on disk, so it is shown once (the CLI, the SARIF export and the security report still count it). ' +
    'Setting `drydock.coexistence.dockerDx` to `false` shows both.'
  );
}
