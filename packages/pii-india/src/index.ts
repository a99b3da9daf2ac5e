export { luhnMod36Valid, PAN_HOLDER_TYPES, panStructureValid, verhoeffValid } from './checksums.js';
export { INDIA_PII, INDIA_RECOGNIZERS, indiaPii, type PackOptions } from './plugin.js';
export * from './recognizers/index.js';
