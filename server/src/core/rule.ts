/**
 * What a rule is. One rule = one module exporting a `Rule` value that holds its metadata, its
 * check (which also computes its fixes), its explanation and its fixtures.
 */
import type { Severity } from './findings';
import type { DockerfileModel } from './documents/dockerfile';
import type { KubernetesModel } from './documents/kubernetes';
import type { ComposeModel } from './documents/compose';
import type { ImageUse } from './images/references';
import type { AdvisoryPort, ImageFacts, ImageFactsProvider } from './images/facts';
import type { ModelCandidates } from './model/candidates';
import type { CommandPrediction, ModelPredictions, SecretPrediction } from './model/predictions';
import type { RuleConfig } from './config';

export type RuleCategory =
  | 'privileges'
  | 'secrets'
  | 'supply-chain'
  | 'integrity'
  | 'exposure'
  | 'best-practice'
  | 'correctness'
  | 'maintainability'
  | 'resources'
  | 'reliability'
  | 'access-control';

export type DocumentKind = 'dockerfile' | 'kubernetes' | 'compose';

/** One advisory hit, as a fixture describes it (the harness fills in the package). */
export interface VulnerabilityMatchFixture {
  id: string;
  aliases?: string[];
  severity: 'critical' | 'high' | 'medium' | 'low' | 'unknown';
  fixedVersion?: string;
}

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
  /** The finding's severity, for rules that grade their findings (`Report.severity`). */
  severity?: Severity;
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
  /** The date of judgement (YYYY-MM-DD) for date-dependent rules; the fixture harness has a fixed default. */
  today?: string;
  /** Registry facts the fixture is analysed with (as if the image had been scanned). */
  images?: ImageFacts[];
  /** Model predictions the fixture is analysed with: by command text, and by `context\0name\0value` for secrets. */
  predictions?: { commands?: Record<string, CommandPrediction>; secrets?: Record<string, SecretPrediction> };
  /** Advisories the fixture's database holds: the harness answers pinned-package queries from them. */
  advisories?: { ecosystem: string; name: string; version: string; match: VulnerabilityMatchFixture }[];
  note?: string;
}

/** A Pod Security Standards control a rule implements (kubernetes/pod-security-admission check id). */
export interface PssControl {
  level: 'baseline' | 'restricted';
  /** PSA check id: `privileged`, `hostNamespaces`, `capabilities_restricted`, … */
  control: string;
  /** First Kubernetes minor version with the control (`1.34` for hostProbesAndHostLifecycle). */
  since?: number;
}

export interface RuleMeta {
  /** Stable id, `dockerfile/latest-tag`. Never renamed once released. */
  id: string;
  title: string;
  severity: Severity;
  category: RuleCategory;
  /** Peer rule ids: `hadolint:DL3007`, `checkov:CKV_DOCKER_7`, `trivy:DS-0001`, `buildkit:…`. */
  equivalents: string[];
  /** `CIS-Docker-4.1`, `CIS-K8s-1.12-5.2.2`, `PSS-Baseline-privileged`, `NSA-CISA-pod-security`, `CWE-250`. */
  compliance: string[];
  /** The Pod Security Standards controls this rule implements; profiles `pss-baseline`/`pss-restricted` select them. */
  pss?: PssControl[];
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
  /** This finding's severity when the rule grades its findings (an EOL date passed vs coming); config overrides still win. */
  severity?: Severity;
  /**
   * The finding is about a field that is absent. Absence means nothing in a Helm template (the
   * value may come from `{{ … }}`) or a Kustomize patch (the base has it), so such reports are
   * dropped there.
   */
  missing?: boolean;
  evidence?: string;
  fixes?: OffsetFix[];
}

/** What the shells know about the surroundings of a file; `undefined` means unknown. */
export interface ProjectFacts {
  /** A `.dockerignore` (or `<Dockerfile>.dockerignore`) exists next to the build context. */
  hasDockerignore?: boolean;
  /** Patterns of that .dockerignore. */
  dockerignorePatterns?: string[];
  /** A kustomization.yaml next to the file lists it as a patch: it holds fragments, not whole objects. */
  kustomizePatch?: boolean;
}

export interface RuleContext<Model> {
  model: Model;
  fileName: string;
  /** Settings of this rule merged with the global ones (trusted registries, options). */
  config: RuleConfig;
  project: ProjectFacts;
  /** The date of judgement (YYYY-MM-DD), given by the shells (the core has no clock); undefined when unknown. */
  today?: string;
  /** What the registry said about images, when the shells scanned them (network enabled). */
  images?: ImageFactsProvider;
  /** The local advisory database, when the shells loaded one. */
  advisories?: AdvisoryPort;
  /** What the on-device model said about the document's commands and values, when it ran. */
  predictions?: ModelPredictions;
  report(report: Report): void;
}

export interface DockerfileRule extends RuleMeta {
  kind: 'dockerfile';
  check(context: RuleContext<DockerfileModel>): void;
}

export interface KubernetesRule extends RuleMeta {
  kind: 'kubernetes';
  check(context: RuleContext<KubernetesModel>): void;
}

export interface ComposeRule extends RuleMeta {
  kind: 'compose';
  check(context: RuleContext<ComposeModel>): void;
}

/** What image rules see: the image references of the document, whatever its kind. */
export interface ImageModel {
  documentKind: DocumentKind;
  uses: readonly ImageUse[];
  /** The document's text (offsets of `uses` point into it). */
  text: string;
}

/** A rule about image references; it runs on Dockerfiles, manifests and compose files alike. */
export interface ImageRule extends RuleMeta {
  kind: 'image';
  check(context: RuleContext<ImageModel>): void;
}

/** What model rules see: the document's model candidates, whatever its kind. */
export interface CandidatesModel {
  documentKind: DocumentKind;
  candidates: ModelCandidates;
  text: string;
  /** The parsed Dockerfile when the document is one: moving a value into a secret mount needs its stages and RUNs. */
  dockerfile: DockerfileModel | undefined;
}

/** A rule reporting what the on-device model found; runs on every kind of document. */
export interface ModelRule extends RuleMeta {
  kind: 'model';
  check(context: RuleContext<CandidatesModel>): void;
}

export type Rule = DockerfileRule | KubernetesRule | ComposeRule | ImageRule | ModelRule;
