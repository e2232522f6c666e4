/** Parsing of EXPOSE arguments shared by the three EXPOSE rules. */
import type { DockerfileModel, DockerInstruction } from '../../../documents/dockerfile';
import { unquote } from './util';
import { instructionsWith } from '../helpers';

export interface ExposedPort {
  instruction: DockerInstruction;
  start: number;
  end: number;
  raw: string;
  /** Text before the last `:` (host IP / host port), when any. */
  hostPart?: string;
  /** Container port or range, `8080` or `8000-8010`. */
  ports: string;
  portsStart: number;
  protocol?: string;
  protocolStart?: number;
  /** Contains a variable: not judged. */
  dynamic: boolean;
}

export function exposedPorts(model: DockerfileModel): ExposedPort[] {
  const out: ExposedPort[] = [];
  for (const instruction of instructionsWith(model, ['EXPOSE'])) {
    for (const argument of instruction.args) {
      const raw = model.text.slice(argument.start, argument.end);
      const value = unquote(argument.value);
      const quoteOffset = raw.startsWith('"') || raw.startsWith("'") ? 1 : 0;
      const colon = value.lastIndexOf(':');
      const afterHost = colon >= 0 ? value.slice(colon + 1) : value;
      const slash = afterHost.indexOf('/');
      const ports = slash >= 0 ? afterHost.slice(0, slash) : afterHost;
      const portsStart = argument.start + quoteOffset + colon + 1;
      out.push({
        instruction,
        start: argument.start,
        end: argument.end,
        raw,
        hostPart: colon >= 0 ? value.slice(0, colon) : undefined,
        ports,
        portsStart,
        protocol: slash >= 0 ? afterHost.slice(slash + 1) : undefined,
        protocolStart: slash >= 0 ? portsStart + slash + 1 : undefined,
        dynamic: value.includes('$'),
      });
    }
  }
  return out;
}
