/**
 * Image inventory: what is installed in an image (OS, distro and language packages), read from its layers
 * in a stream or from an SBOM attestation, and what its config says about how it runs.
 */
export { inventoryFromLayers, inventoryFromExtracts, readLayers, type InventoryOptions } from './inventory';
export { readLayer, type LayerInput, type LayerExtract, type ExtractedFile, type DecompressionBudget } from './layerReader';
export { squashLayers, type SquashedImage } from './squash';
export { inventoryFromAttestation, packageFromPurl, osFromDistroQualifier } from './attestation';
export { parsePackageUrl, type PackageUrl } from './purl';
export { configFindings, isRootUser, secretInEnvEntry, type ConfigFindings, type SecretEnvEntry } from './configFindings';
export { DEFAULT_INVENTORY_LIMITS, withDefaultLimits, LimitExceededError, type InventoryLimits } from './limits';
export { interestingFileKind, normaliseEntryPath, whiteoutOf, type InterestingFileKind, type Whiteout } from './layerPaths';
export { compressionOfMediaType, compressionOfMagic, type LayerCompression } from './layerCompression';
export { parseOsRelease, parseOsReleaseFields, parseAlpineRelease, parseDebianVersion } from './parsers/osRelease';
export { parseDpkgStatus, parseSourceField } from './parsers/dpkgStatus';
export { parseApkInstalled } from './parsers/apkInstalled';
export { parsePackageJson } from './parsers/packageJson';
export { parsePythonMetadata, normalisePythonName } from './parsers/pythonMetadata';
