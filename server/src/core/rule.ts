/**
 * What a rule is. One rule = one module exporting a `Rule` value that holds its metadata, its
 * check (which also computes its fixes), its explanation and its fixtures.
 */
import type { Severity } from './findings';
import type { DockerfileModel } from './documents/dockerfile';
import type { RuleConfig } from './config';

export type RuleCategory =
  | 'privileges'
  | 'secrets'
  | 'supply-chain'
  | 'integrity'
  | 'exposure'
  | 'best-practice'
  | 'correctness'
  | 'maintainability';

export type DocumentKind = 'dockerfile' | 'kubernetes' | 'compose';

export interface RuleExplanation {
  /** What the rule flags, one or two sentences. */
  what: string;
  /** Why it matters: the attack or failure it enables. */
  why: string;
  /** How to fix it, with a short example where it helps (markdown). */
  fix: string;
}

export interface FixtureExpectation {
  /** Text of the fixture at which the finding's range must start (first occurrence, or the `nth`). */
  at: string;
  nth?: number;
}

export interface RuleFixture {
  /** File content. */
  text: string;
  /** Findings this rule must report, in order; empty for a negative fixture. */
  expect: (string | FixtureExpectation)[];
  /** Text after applying the preferred fix of every finding of this rule (when the rule has a fix). */
  fixed?: string;
  /** Rule settings for this fixture (e.g. trusted registries). */
  config?: RuleConfig;
  /** Facts about the project around the file, as the shells would provide them. */
  project?: ProjectFacts;
  fileName?: string;
  note?: string;
}

export interface RuleMeta {
  /** Stable id, `dockerfile/latest-tag`. Never renamed once released. */
  id: string;
  title: string;
  severity: Severity;
  category: RuleCategory;
  /** Peer rule ids: `hadolint:DL3007`, `checkov:CKV_DOCKER_7`, `trivy:DS-0001`, `buildkit:…`. */
  equivalents: string[];
  /** `CIS-Docker-4.1`, `CWE-250`, `NSA-CISA-…`. */
  compliance: string[];
  explanation: RuleExplanation;
  /** Off unless enabled by config or the `strict` profile (like hadolint's Ignore-level rules). */
  enabledByDefault?: boolean;
  /** The rule offers a deterministic fix for at least some findings. */
  fixable?: boolean;
  fixtures: RuleFixture[];
}

export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

export interface OffsetFix {
  title: string;
  edits: OffsetEdit[];
  isPreferred?: boolean;
}

export interface Report {
  start: number;
  end: number;
  message: string;
  evidence?: string;
  fixes?: OffsetFix[];
}

/** What the shells know about the surroundings of a file; `undefined` means unknown. */
export interface ProjectFacts {
  /** A `.dockerignore` (or `<Dockerfile>.dockerignore`) exists next to the build context. */
  hasDockerignore?: boolean;
  /** Patterns of that .dockerignore. */
  dockerignorePatterns?: string[];
}

export interface RuleContext<Model> {
  model: Model;
  fileName: string;
  /** Settings of this rule merged with the global ones (trusted registries, options). */
  config: RuleConfig;
  project: ProjectFacts;
  report(report: Report): void;
}

export interface DockerfileRule extends RuleMeta {
  kind: 'dockerfile';
  check(context: RuleContext<DockerfileModel>): void;
}

export type Rule = DockerfileRule;
