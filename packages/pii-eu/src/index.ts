export {
  esNifRecognizer,
  frNirRecognizer,
  itFiscalCodeRecognizer,
  nlBsnRecognizer,
  plPeselRecognizer,
  ukNinoRecognizer,
} from './national-ids.js';
export { EU_PII, EU_RECOGNIZERS, euPii, type PackOptions } from './plugin.js';
export { EU_VAT_COUNTRIES, euVatRecognizer, euVatValid } from './vat.js';
