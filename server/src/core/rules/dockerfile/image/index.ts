import type { DockerfileRule } from '../../../rule';
import { latestTag } from './latestTag';
import { untaggedImage } from './untaggedImage';
import { imageNotPinnedByDigest } from './imageNotPinnedByDigest';
import { untrustedRegistry } from './untrustedRegistry';
import { copyFromUnpinnedImage } from './copyFromUnpinnedImage';
import { fromPlatformConstant } from './fromPlatformConstant';
import { redundantTargetPlatform } from './redundantTargetPlatform';

export const imageRules: readonly DockerfileRule[] = [
  latestTag,
  untaggedImage,
  imageNotPinnedByDigest,
  untrustedRegistry,
  copyFromUnpinnedImage,
  fromPlatformConstant,
  redundantTargetPlatform,
];
