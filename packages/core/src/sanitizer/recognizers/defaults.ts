import type { Recognizer } from '../recognizer.js';
import { apiKeyRecognizer } from './api-key.js';
import { awsAccessKeyRecognizer } from './aws.js';
import { creditCardRecognizer } from './credit-card.js';
import { emailRecognizer } from './email.js';
import { ibanRecognizer } from './iban.js';
import { ipAddressRecognizer } from './ip-address.js';
import { jwtRecognizer } from './jwt.js';
import { passwordRecognizer } from './password.js';
import { phoneRecognizer } from './phone.js';
import { privateKeyRecognizer } from './private-key.js';

/** The universal personal data types core masks by default. */
export const CORE_PII: ReadonlySet<string> = new Set([
  'email',
  'phone',
  'credit_card',
  'iban',
  'ip_address',
]);

/** The secret types core masks by default. */
export const SECRETS: ReadonlySet<string> = new Set([
  'api_key',
  'aws_access_key',
  'jwt',
  'private_key',
  'password',
]);

/** The recognizers `createAirlock` installs unless `defaultRecognizers: false`. */
export const DEFAULT_RECOGNIZERS: readonly Recognizer[] = [
  emailRecognizer,
  phoneRecognizer,
  creditCardRecognizer,
  ibanRecognizer,
  ipAddressRecognizer,
  apiKeyRecognizer,
  awsAccessKeyRecognizer,
  jwtRecognizer,
  privateKeyRecognizer,
  passwordRecognizer,
];
