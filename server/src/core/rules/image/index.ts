import type { ImageRule } from '../../rule';
import { eolOs } from './eolOs';
import { eolRuntime } from './eolRuntime';

export const imageRules: readonly ImageRule[] = [eolOs, eolRuntime];
