/** An image's inventory from its layers, read in a stream (see layerReader.ts) and squashed (squash.ts). */
import type { Inventory } from '../types';
import { readLayer, type DecompressionBudget, type LayerExtract, type LayerInput } from './layerReader';
import { formatBytes, withDefaultLimits, type InventoryLimits } from './limits';
import { squashLayers } from './squash';

export interface InventoryOptions {
  /**
   * Layers read at the same time. zlib inflates on libuv's thread pool while the tar is walked on the main
   * thread, so two layers in flight use both cores of a small machine. Default 2.
   */
  concurrency?: number;
}

/**
 * The squashed inventory of an image from its layers, bottom first. Never throws for bad input: limits hit,
 * corrupt layers and stream errors become warnings and the inventory holds what could be read.
 */
export async function inventoryFromLayers(
  layers: AsyncIterable<LayerInput> | Iterable<LayerInput>,
  limits: Partial<InventoryLimits> = {},
  options: InventoryOptions = {},
): Promise<Inventory> {
  const { extracts, warnings } = await readLayers(layers, withDefaultLimits(limits), options.concurrency ?? 2);
  const inventory = inventoryFromExtracts(extracts);
  inventory.warnings.push(...warnings);
  return inventory;
}

/** The inventory from layer extracts (bottom first), e.g. some of them from a cache keyed by layer digest. */
export function inventoryFromExtracts(extracts: readonly LayerExtract[]): Inventory {
  const { os, packages } = squashLayers(extracts);
  const inventory: Inventory = { packages, source: 'layers', warnings: extracts.flatMap((extract) => extract.warnings) };
  if (os) inventory.os = os;
  return inventory;
}

/** Reads layers with up to `concurrency` in flight, keeping their order. */
export async function readLayers(
  layers: AsyncIterable<LayerInput> | Iterable<LayerInput>,
  limits: InventoryLimits,
  concurrency = 2,
): Promise<{ extracts: LayerExtract[]; warnings: string[] }> {
  const budget: DecompressionBudget = { remainingBytes: limits.maxDecompressedBytesTotal };
  const warnings: string[] = [];
  const reads: Promise<LayerExtract>[] = [];
  const inFlight = new Set<Promise<LayerExtract>>();
  const iterator = Symbol.asyncIterator in layers ? layers[Symbol.asyncIterator]() : layers[Symbol.iterator]();
  let finished = false;
  try {
    while (true) {
      if (inFlight.size >= Math.max(1, concurrency)) await Promise.race(inFlight);
      if (budget.remainingBytes <= 0) {
        warnings.push(
          `layers after the first ${reads.length} were not read: the image's layers passed the ${formatBytes(limits.maxDecompressedBytesTotal)} ` +
            'total decompressed limit (maxDecompressedBytesTotal)',
        );
        break;
      }
      let next: IteratorResult<LayerInput>;
      try {
        next = await iterator.next();
      } catch (error) {
        warnings.push(`could not get layer ${reads.length + 1}: ${error instanceof Error ? error.message : String(error)}; later layers not read`);
        finished = true;
        break;
      }
      if (next.done) {
        finished = true;
        break;
      }
      const read = readLayer(next.value, limits, budget);
      reads.push(read);
      inFlight.add(read);
      const settle = () => inFlight.delete(read);
      read.then(settle, settle);
    }
  } finally {
    if (!finished) await iterator.return?.();
  }
  return { extracts: await Promise.all(reads), warnings };
}
