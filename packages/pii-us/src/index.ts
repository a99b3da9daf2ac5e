export { abaRoutingValid, itinValid, ssnIssuable } from './checksums.js';
export { type PackOptions, US_PII, US_RECOGNIZERS, usPii } from './plugin.js';
export {
  ssnRecognizer,
  usBankRoutingRecognizer,
  usItinRecognizer,
  usPassportRecognizer,
} from './recognizers.js';
