import { defineRecognizer } from '@airlock/core';

/** Bank codes (first 4 letters of an IFSC) of the larger Indian banks. */
const BANK_CODES = new Set(
  (
    'SBIN HDFC ICIC UTIB PUNB BARB CNRB UBIN BKID IOBA UCBA CBIN IDIB PSIB MAHB KKBK YESB INDB IDFB FDRL KARB KVBL CIUB CSBK ' +
    'DCBL DLXB JAKA LAVB NTBL RATN SIBL TMBL AUBL ESFB UJVN EQSF FINO PYTM AIRP JIOP IPOS BDBL ANDB CORP ORBC SYNB ALLA VIJB ' +
    'DNSB SVCB COSB SRCB ABHY HSBC SCBL CITI DBSS DEUT BOFA RBIS NKGS KCCB TJSB GSCB APGB KSCB MSCI PJSB ICBK BNPA'
  ).split(' '),
);

/**
 * IFSC: 4-letter bank code, `0`, 6-character branch code. A known bank code confirms it;
 * otherwise a context word is needed (`HTTP0000503` has the shape).
 */
export const ifscRecognizer = defineRecognizer({
  name: 'ifsc',
  type: 'ifsc',
  patterns: [
    {
      name: 'ifsc',
      score: 0.3,
      regex: /[A-Z](?<![A-Za-z0-9][A-Z])[A-Z]{3}0[A-Z0-9]{6}(?![A-Za-z0-9])/,
    },
  ],
  validate: (value) => (BANK_CODES.has(value.slice(0, 4)) ? true : undefined),
  context: ['ifsc', 'ifsc code', 'branch', 'bank', 'neft', 'rtgs', 'imps'],
  prefilter: { minDigits: 1 },
  maxLength: 11,
});
