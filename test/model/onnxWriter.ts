/**
 * Writes small ONNX models by hand (protobuf wire format, no onnx package): a linear classifier
 * `softmax(features · W + b)` with input `features: float32[batch, D]` and output `probs`, opset 13.
 * Tests use it for user models of any shape (a wrong input dimension, a missing softmax, extra
 * outputs) and for a model whose weights are known, so occlusion evidence can be asserted exactly.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex, type ModelManifest } from '../../server/src/model/manifest';

type Field = Uint8Array;

function varint(value: number): number[] {
  const bytes: number[] = [];
  let v = BigInt(value);
  if (v < 0n) v += 1n << 64n;
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    bytes.push(byte);
  } while (v > 0n);
  return bytes;
}

function concat(parts: readonly (Uint8Array | number[])[]): Uint8Array {
  const size = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(size);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

const int = (field: number, value: number): Field => Uint8Array.from([...varint(field << 3), ...varint(value)]);
const bytes = (field: number, data: Uint8Array): Field => concat([varint((field << 3) | 2), varint(data.length), data]);
const str = (field: number, s: string): Field => bytes(field, new TextEncoder().encode(s));
const msg = (field: number, ...parts: Field[]): Field => bytes(field, concat(parts));

function tensor(name: string, dims: number[], data: Float32Array): Field {
  return concat([...dims.map((d) => int(1, d)), int(2, 1 /* FLOAT */), str(8, name), bytes(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength))]);
}

function valueInfo(name: string, dims: (number | string)[]): Field {
  const shape = dims.map((d) => msg(1, typeof d === 'number' ? int(1, d) : str(2, d)));
  return concat([str(1, name), msg(2, msg(1, int(1, 1 /* FLOAT */), msg(2, ...shape)))]);
}

function node(op: string, inputs: string[], outputs: string[], name: string, attributes: Field[] = []): Field {
  return concat([...inputs.map((i) => str(1, i)), ...outputs.map((o) => str(2, o)), str(3, name), str(4, op), ...attributes.map((a) => bytes(5, a))]);
}

export interface LinearModelSpec {
  inputDim: number;
  classes: number;
  /** Row-major [inputDim, classes]; zero when omitted. */
  weights?: Float32Array;
  bias?: Float32Array;
  inputName?: string;
  outputName?: string;
  /** Leave the softmax out (raw logits come out). */
  noSoftmax?: boolean;
}

/** The bytes of a linear softmax classifier in ONNX. */
export function linearModel(spec: LinearModelSpec): Uint8Array {
  const inputName = spec.inputName ?? 'features';
  const outputName = spec.outputName ?? 'probs';
  const weights = spec.weights ?? new Float32Array(spec.inputDim * spec.classes);
  const bias = spec.bias ?? new Float32Array(spec.classes);
  const nodes = [
    node('MatMul', [inputName, 'W'], ['logits0'], 'matmul'),
    node('Add', ['logits0', 'b'], [spec.noSoftmax ? outputName : 'logits'], 'add'),
  ];
  if (!spec.noSoftmax) nodes.push(node('Softmax', ['logits'], [outputName], 'softmax', [concat([str(1, 'axis'), int(3, 1), int(20, 2 /* INT */)])]));
  const graph = concat([
    ...nodes.map((n) => bytes(1, n)),
    str(2, 'linear'),
    bytes(5, tensor('W', [spec.inputDim, spec.classes], weights)),
    bytes(5, tensor('b', [spec.classes], bias)),
    bytes(11, valueInfo(inputName, ['batch', spec.inputDim])),
    bytes(12, valueInfo(outputName, ['batch', spec.classes])),
  ]);
  return concat([int(1, 8 /* IR version */), str(2, 'drydock-test'), bytes(7, graph), msg(8, str(1, ''), int(2, 13))]);
}

/** Writes `<dir>/<base>.onnx` and `<dir>/<base>.json`; returns the .onnx path. */
export function writeModel(dir: string, base: string, model: Uint8Array, manifest: Partial<ModelManifest> & Record<string, unknown>, pin = true): string {
  const onnxPath = join(dir, `${base}.onnx`);
  writeFileSync(onnxPath, model);
  writeFileSync(join(dir, `${base}.json`), JSON.stringify({ ...(pin ? { sha256: sha256Hex(model) } : {}), ...manifest }, null, 2));
  return onnxPath;
}

export function cmdManifest(overrides: Record<string, unknown> = {}): Partial<ModelManifest> & Record<string, unknown> {
  return {
    name: 'test-cmd-risk',
    version: '0.0.1',
    task: 'cmd-risk',
    featurizer: 'drydock-hash-v1',
    inputName: 'features',
    inputDim: 4112,
    outputName: 'probs',
    labels: ['benign', 'reverse-shell', 'remote-code-execution', 'cryptomining', 'credential-access', 'obfuscated-execution', 'defence-evasion', 'persistence', 'container-escape'],
    thresholds: { 'reverse-shell': 0.5, 'remote-code-execution': 0.5, cryptomining: 0.5, 'credential-access': 0.5, 'obfuscated-execution': 0.5, 'defence-evasion': 0.5, persistence: 0.5, 'container-escape': 0.5 },
    ...overrides,
  };
}

export function secretManifest(overrides: Record<string, unknown> = {}): Partial<ModelManifest> & Record<string, unknown> {
  return {
    name: 'test-secret-scorer',
    version: '0.0.1',
    task: 'secret-scorer',
    featurizer: 'drydock-hash-v1',
    inputName: 'features',
    inputDim: 1344,
    outputName: 'probs',
    labels: ['placeholder', 'secret'],
    thresholds: { secret: 0.5 },
    ...overrides,
  };
}
