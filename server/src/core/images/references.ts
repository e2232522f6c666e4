/**
 * Every image reference of a document, whatever its kind, with the exact range of the reference
 * text: Dockerfile `FROM` (ARG-expanded, stage names and `scratch` excluded, `--platform` kept),
 * `COPY --from=<image>` and `RUN --mount=from=<image>`; the containers of every Kubernetes pod spec
 * (init and ephemeral included); compose services' `image:` (through `<<:` merges and `extends`).
 * The image rules and the image scanner both start here.
 */
import { isScalar } from 'yaml';
import type { DocumentKind } from '../rule';
import type { DockerfileModel } from '../documents/dockerfile';
import type { KubernetesModel } from '../documents/kubernetes';
import { allContainers, containerField, describeContainer, fieldBoolean, type Container } from '../documents/kubernetes';
import { portEntries, type ComposeModel } from '../documents/compose';
import { parseImageReference, type ImageReference } from '../documents/imageReference';
import { booleanValue, getMap, getNode, nodeSpan, scalarValue, stringValue, type YamlFile, type YamlNode, type YamlPair } from '../documents/yaml';
import { imageSources } from '../rules/dockerfile/image/imageSources';
import { serviceField } from '../rules/compose/shared';
import { memoize } from '../memo';

export interface ImageUse {
  ref: ImageReference;
  /** As written (after ARG substitution for Dockerfiles). */
  text: string;
  /** Offsets of the reference text itself (inside quotes, for quoted YAML scalars). */
  start: number;
  end: number;
  where: 'FROM' | 'COPY --from' | 'RUN --mount from' | 'container' | 'service';
  /** `--platform` of a FROM, when given as a constant. */
  platform?: string;
  /** For messages: `base image of the final stage`, `container "app" of Deployment "web"`, `service "db"`. */
  label: string;
  /** The image ends up running (final-stage base, a container, a service) rather than feeding a build step. */
  runs: boolean;
  /**
   * What in the same file makes a vulnerability in this image worse: `runs privileged`, `uses the
   * host network`, `exposed by LoadBalancer Service "web"`, `publishes ports on all interfaces`.
   */
  risks: string[];
}

export function imageUses(kind: DocumentKind, model: unknown): readonly ImageUse[] {
  return memoize(model as object, 'imageUses', () => {
    if (kind === 'dockerfile') return dockerfileUses(model as DockerfileModel);
    if (kind === 'kubernetes') return kubernetesUses(model as KubernetesModel);
    return composeUses(model as ComposeModel);
  });
}

function dockerfileUses(model: DockerfileModel): ImageUse[] {
  const finalChain = new Set<unknown>();
  for (let stage = model.stages.at(-1); stage; stage = stage.parent) finalChain.add(stage);
  return imageSources(model).map((source) => {
    const platformFlag = source.kind === 'FROM' ? source.instruction.flags.find((f) => f.name.toLowerCase() === 'platform') : undefined;
    const platform = platformFlag?.value && !platformFlag.value.includes('$') ? platformFlag.value : undefined;
    const runs = source.kind === 'FROM' && finalChain.has(source.stage);
    const label =
      source.kind === 'FROM'
        ? runs
          ? 'base image of the final stage'
          : `base image of stage ${source.stage?.name ? `"${source.stage.name}"` : (source.stage?.index ?? 0) + 1}`
        : source.kind === 'COPY --from'
          ? 'image copied from'
          : 'image mounted in RUN';
    return { ref: source.ref, text: source.resolved, start: source.span.start, end: source.span.end, where: source.kind, platform, label, runs, risks: [] };
  });
}

/** The span of a scalar's text without its quotes. */
function textSpan(file: YamlFile, node: YamlNode): { start: number; end: number } {
  const span = nodeSpan(node);
  const quoted = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
  return quoted && span.end - span.start >= 2 && file.text[span.start] === file.text[span.end - 1] ? { start: span.start + 1, end: span.end - 1 } : span;
}

/** Services of the file that expose pods outside the cluster, with their selectors. */
function exposingServices(model: KubernetesModel): { name: string; type: string; selector: Map<string, string> }[] {
  const { file } = model;
  return model.objects.flatMap((object) => {
    if (object.kind !== 'Service') return [];
    const spec = getMap(object.node, 'spec', object.document);
    const type = stringValue(file, getNode(spec, 'type', object.document)) ?? 'ClusterIP';
    if (type !== 'LoadBalancer' && type !== 'NodePort') return [];
    const selector = new Map<string, string>();
    for (const pair of (getMap(spec, 'selector', object.document)?.items ?? []) as YamlPair[]) {
      const key = scalarValue(file, pair.key);
      const value = stringValue(file, pair.value);
      if (key !== undefined && key !== null && value !== undefined) selector.set(String(key), value);
    }
    return selector.size > 0 ? [{ name: object.name ?? '', type, selector }] : [];
  });
}

function containerRisks(model: KubernetesModel, container: Container, services: ReturnType<typeof exposingServices>): string[] {
  const risks: string[] = [];
  const { file, document } = container.pod.object;
  if (fieldBoolean(file, containerField(container, ['privileged'])) === true) risks.push('runs privileged');
  if (booleanValue(file, getNode(container.pod.node, 'hostNetwork', document)) === true) risks.push('uses the host network');
  const labels = new Map<string, string>();
  for (const pair of (getMap(container.pod.templateMetadata, 'labels', document)?.items ?? []) as YamlPair[]) {
    const key = scalarValue(file, pair.key);
    const value = stringValue(file, pair.value);
    if (key !== undefined && key !== null && value !== undefined) labels.set(String(key), value);
  }
  for (const service of services) {
    if ([...service.selector].every(([k, v]) => labels.get(k) === v)) risks.push(`exposed by ${service.type} Service "${service.name}"`);
  }
  return risks;
}

function kubernetesUses(model: KubernetesModel): ImageUse[] {
  const uses: ImageUse[] = [];
  const services = exposingServices(model);
  for (const container of allContainers(model)) {
    if (!container.imageNode || container.image === undefined) continue;
    const ref = parseImageReference(container.image);
    if (!ref || ref.dynamic) continue;
    const object = container.pod.object;
    uses.push({
      ref,
      text: container.image,
      ...textSpan(model.file, container.imageNode),
      where: 'container',
      label: `${describeContainer(container)} of ${object.name ? `${object.kind} "${object.name}"` : object.kind}`,
      runs: container.list !== 'ephemeralContainers',
      risks: containerRisks(model, container, services),
    });
  }
  return uses;
}

function composeUses(model: ComposeModel): ImageUse[] {
  const uses: ImageUse[] = [];
  const seen = new Set<unknown>();
  for (const service of model.services) {
    const source = serviceField(model, service, 'image');
    if (!source?.value || seen.has(source.value)) continue;
    seen.add(source.value);
    const text = stringValue(model.file, source.value);
    if (text === undefined || text.includes('$')) continue;
    const ref = parseImageReference(text);
    if (!ref || ref.dynamic) continue;
    const platform = stringValue(model.file, serviceField(model, service, 'platform')?.value);
    const risks: string[] = [];
    if (booleanValue(model.file, serviceField(model, service, 'privileged')?.value) === true) risks.push('runs privileged');
    if (stringValue(model.file, serviceField(model, service, 'network_mode')?.value) === 'host') risks.push('uses the host network');
    if (portEntries(model, service).some((p) => p.published !== undefined && (!p.hostIp || p.hostIp === '0.0.0.0' || p.hostIp === '::'))) risks.push('publishes ports on all interfaces');
    uses.push({ ref, text, ...textSpan(model.file, source.value), where: 'service', platform, label: `service "${service.name}"`, runs: true, risks });
  }
  return uses;
}
