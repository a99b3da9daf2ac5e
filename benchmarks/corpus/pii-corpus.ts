export interface CorpusCase {
  id: string;
  text: string;
  /** [type, value] pairs that must be found; empty for a negative. */
  expect: [string, string][];
  /** A hard negative: realistic text that must not be masked. */
  hard?: boolean;
  /** For a negative: the type it tests (a value failing that type's checksum or rules). */
  against?: string;
  note?: string;
}

/**
 * Labelled PII corpus: positives per type (plain text, JSON, prose), values that fail their
 * checksum by one digit, and hard negatives from tool output (ids, hashes, timestamps, versions,
 * coordinates, AWS account ids). Generated once with check digits computed; values are synthetic.
 */
export const PII_CORPUS: CorpusCase[] = [
 {
  "id": "email-0",
  "text": "Contact: john.doe@example.com",
  "expect": [
   [
    "email",
    "john.doe@example.com"
   ]
  ]
 },
 {
  "id": "email-1",
  "text": "{\"owner\":\"a.b+tag@mail.example.co.uk\",\"role\":\"admin\"}",
  "expect": [
   [
    "email",
    "a.b+tag@mail.example.co.uk"
   ]
  ]
 },
 {
  "id": "email-2",
  "text": "sent to <priya_s@xn--80ak6aa92e.com> yesterday",
  "expect": [
   [
    "email",
    "priya_s@xn--80ak6aa92e.com"
   ]
  ]
 },
 {
  "id": "email-3",
  "text": "Contact: ops-team@corp.internal.io",
  "expect": [
   [
    "email",
    "ops-team@corp.internal.io"
   ]
  ]
 },
 {
  "id": "email-4",
  "text": "{\"owner\":\"X@Y.ORG\",\"role\":\"admin\"}",
  "expect": [
   [
    "email",
    "X@Y.ORG"
   ]
  ]
 },
 {
  "id": "email-5",
  "text": "sent to <first.last@sub.domain.example> yesterday",
  "expect": [
   [
    "email",
    "first.last@sub.domain.example"
   ]
  ]
 },
 {
  "id": "neg-email-asset",
  "text": "Assets: logo@2x.png, icon@3x.webp, sprite@1.5x.jpg",
  "expect": [],
  "hard": true,
  "against": "email"
 },
 {
  "id": "neg-email-git",
  "text": "origin  git@github.com:acme/widgets.git (fetch)",
  "expect": [],
  "hard": true,
  "against": "email"
 },
 {
  "id": "neg-email-npm",
  "text": "installed zod@latest, react@canary and @types/node@20.19.0",
  "expect": [],
  "hard": true,
  "against": "email"
 },
 {
  "id": "neg-email-at-handle",
  "text": "ping @channel and @here about the deploy; ubuntu@bastion:~$ uptime",
  "expect": [],
  "hard": true,
  "against": "email"
 },
 {
  "id": "neg-email-already-masked",
  "text": "Owner: ***@example.com, backup [REDACTED:EMAIL]",
  "expect": [],
  "hard": true,
  "against": "email"
 },
 {
  "id": "phone-0",
  "text": "Call me at +44 20 7946 0958 after 5pm",
  "expect": [
   [
    "phone",
    "+44 20 7946 0958"
   ]
  ]
 },
 {
  "id": "phone-1",
  "text": "{\"name\":\"Ann\",\"phone\":\"+1 (415) 555-2671\"}",
  "expect": [
   [
    "phone",
    "+1 (415) 555-2671"
   ]
  ]
 },
 {
  "id": "phone-2",
  "text": "Tel: +91 98765 43210",
  "expect": [
   [
    "phone",
    "+91 98765 43210"
   ]
  ]
 },
 {
  "id": "phone-3",
  "text": "Call me at +49 30 901820 after 5pm",
  "expect": [
   [
    "phone",
    "+49 30 901820"
   ]
  ]
 },
 {
  "id": "phone-4",
  "text": "{\"name\":\"Ann\",\"phone\":\"(212) 555-0187\"}",
  "expect": [
   [
    "phone",
    "(212) 555-0187"
   ]
  ]
 },
 {
  "id": "phone-5",
  "text": "Tel: 415-555-0132",
  "expect": [
   [
    "phone",
    "415-555-0132"
   ]
  ]
 },
 {
  "id": "phone-6",
  "text": "Call me at +14155550199 after 5pm",
  "expect": [
   [
    "phone",
    "+14155550199"
   ]
  ]
 },
 {
  "id": "phone-ctx-mobile",
  "text": "mobile: 9876543210",
  "expect": [
   [
    "phone",
    "9876543210"
   ]
  ]
 },
 {
  "id": "phone-ctx-uk",
  "text": "phone 020 7946 0958 (office)",
  "expect": [
   [
    "phone",
    "020 7946 0958"
   ]
  ]
 },
 {
  "id": "neg-phone-epoch",
  "text": "{\"createdAt\": 1718035200, \"updatedAt\": 1718038800}",
  "expect": [],
  "hard": true,
  "against": "phone"
 },
 {
  "id": "neg-phone-epoch-ms",
  "text": "event ts=1718035200123 status=ok",
  "expect": [],
  "hard": true,
  "against": "phone"
 },
 {
  "id": "neg-phone-order",
  "text": "Order 4155550123 shipped, tracking 9400111899560000000000",
  "expect": [],
  "hard": true,
  "against": "phone"
 },
 {
  "id": "neg-phone-short-intl",
  "text": "diff --git a/x b/x @@ -1,3 +1,4 @@",
  "expect": [],
  "hard": true,
  "against": "phone"
 },
 {
  "id": "neg-phone-ctx-epoch",
  "text": "{\"phone\": \"[REDACTED:PHONE]\", \"ts\": 1718035200}",
  "expect": [],
  "hard": true,
  "against": "phone"
 },
 {
  "id": "neg-phone-too-short",
  "text": "call +1 555 0100 is not a number",
  "expect": [],
  "hard": true,
  "against": "phone"
 },
 {
  "id": "credit_card-0",
  "text": "Card on file: 4111111111111525",
  "expect": [
   [
    "credit_card",
    "4111111111111525"
   ]
  ]
 },
 {
  "id": "credit_card-1",
  "text": "{\"card_number\":\"5555 5555 5555 4709\",\"exp\":\"12/29\"}",
  "expect": [
   [
    "credit_card",
    "5555 5555 5555 4709"
   ]
  ]
 },
 {
  "id": "credit_card-2",
  "text": "charged 2221-0000-0000-0009 for $42.00",
  "expect": [
   [
    "credit_card",
    "2221-0000-0000-0009"
   ]
  ]
 },
 {
  "id": "credit_card-3",
  "text": "Card on file: 371449635398456",
  "expect": [
   [
    "credit_card",
    "371449635398456"
   ]
  ]
 },
 {
  "id": "credit_card-4",
  "text": "{\"card_number\":\"6011 0004 0000 0000\",\"exp\":\"12/29\"}",
  "expect": [
   [
    "credit_card",
    "6011 0004 0000 0000"
   ]
  ]
 },
 {
  "id": "credit_card-5",
  "text": "charged 3528-0007-0000-0000 for $42.00",
  "expect": [
   [
    "credit_card",
    "3528-0007-0000-0000"
   ]
  ]
 },
 {
  "id": "credit_card-6",
  "text": "Card on file: 6200000000000005",
  "expect": [
   [
    "credit_card",
    "6200000000000005"
   ]
  ]
 },
 {
  "id": "credit_card-7",
  "text": "{\"card_number\":\"6521 0000 0000 0007\",\"exp\":\"12/29\"}",
  "expect": [
   [
    "credit_card",
    "6521 0000 0000 0007"
   ]
  ]
 },
 {
  "id": "neg-card-luhn-0",
  "text": "Card on file: 4111111111111526",
  "expect": [],
  "hard": true,
  "note": "card number failing Luhn by one digit",
  "against": "credit_card"
 },
 {
  "id": "neg-card-luhn-1",
  "text": "Card on file: 5555555555554700",
  "expect": [],
  "hard": true,
  "note": "card number failing Luhn by one digit",
  "against": "credit_card"
 },
 {
  "id": "neg-card-luhn-2",
  "text": "Card on file: 2221000000000000",
  "expect": [],
  "hard": true,
  "note": "card number failing Luhn by one digit",
  "against": "credit_card"
 },
 {
  "id": "neg-card-luhn-3",
  "text": "Card on file: 371449635398457",
  "expect": [],
  "hard": true,
  "note": "card number failing Luhn by one digit",
  "against": "credit_card"
 },
 {
  "id": "neg-card-epoch-ms-luhn",
  "text": "created_at_ms: 1718035200004",
  "expect": [],
  "hard": true,
  "against": "credit_card"
 },
 {
  "id": "neg-card-masked",
  "text": "Visa **** **** **** 4242 and XXXX-XXXX-XXXX-1111",
  "expect": [],
  "hard": true,
  "against": "credit_card"
 },
 {
  "id": "neg-card-imei",
  "text": "IMEI 490154203237518 registered",
  "expect": [],
  "hard": true,
  "against": "credit_card"
 },
 {
  "id": "iban-0",
  "text": "IBAN: DE89370400440532013000",
  "expect": [
   [
    "iban",
    "DE89370400440532013000"
   ]
  ]
 },
 {
  "id": "iban-1",
  "text": "{\"beneficiary\":{\"iban\":\"GB29 NWBK 6016 1331 9268 19\"}}",
  "expect": [
   [
    "iban",
    "GB29 NWBK 6016 1331 9268 19"
   ]
  ]
 },
 {
  "id": "iban-2",
  "text": "transfer to FR7630006000011234567890189 2 days ago",
  "expect": [
   [
    "iban",
    "FR7630006000011234567890189"
   ]
  ]
 },
 {
  "id": "iban-3",
  "text": "IBAN: NL91 ABNA 0417 1643 00",
  "expect": [
   [
    "iban",
    "NL91 ABNA 0417 1643 00"
   ]
  ]
 },
 {
  "id": "iban-4",
  "text": "{\"beneficiary\":{\"iban\":\"ES9121000418450200051332\"}}",
  "expect": [
   [
    "iban",
    "ES9121000418450200051332"
   ]
  ]
 },
 {
  "id": "iban-5",
  "text": "transfer to IT60 X054 2811 1010 0000 0123 456 2 days ago",
  "expect": [
   [
    "iban",
    "IT60 X054 2811 1010 0000 0123 456"
   ]
  ]
 },
 {
  "id": "iban-6",
  "text": "IBAN: BE68539007547034",
  "expect": [
   [
    "iban",
    "BE68539007547034"
   ]
  ]
 },
 {
  "id": "iban-7",
  "text": "{\"beneficiary\":{\"iban\":\"CH93 0076 2011 6238 5295 7\"}}",
  "expect": [
   [
    "iban",
    "CH93 0076 2011 6238 5295 7"
   ]
  ]
 },
 {
  "id": "neg-iban-mod97-0",
  "text": "IBAN: DE89 3704 0044 0532 0131 00",
  "expect": [],
  "hard": true,
  "note": "IBAN failing mod 97 by one digit",
  "against": "iban"
 },
 {
  "id": "neg-iban-mod97-1",
  "text": "IBAN: GB29 NWBK 6016 1331 9269 19",
  "expect": [],
  "hard": true,
  "note": "IBAN failing mod 97 by one digit",
  "against": "iban"
 },
 {
  "id": "neg-iban-mod97-2",
  "text": "IBAN: FR76 3000 6000 0112 3456 7890 289",
  "expect": [],
  "hard": true,
  "note": "IBAN failing mod 97 by one digit",
  "against": "iban"
 },
 {
  "id": "neg-iban-mod97-3",
  "text": "IBAN: NL91 ABNA 0417 1644 00",
  "expect": [],
  "hard": true,
  "note": "IBAN failing mod 97 by one digit",
  "against": "iban"
 },
 {
  "id": "neg-iban-wrong-length",
  "text": "IBAN: DE89 3704 0044 0532 0130",
  "expect": [],
  "hard": true,
  "against": "iban"
 },
 {
  "id": "neg-iban-unknown-country",
  "text": "ref ZZ12 3456 7890 1234 5678 90",
  "expect": [],
  "hard": true,
  "against": "iban"
 },
 {
  "id": "ip_address-0",
  "text": "client ip=10.1.2.3 GET /",
  "expect": [
   [
    "ip_address",
    "10.1.2.3"
   ]
  ]
 },
 {
  "id": "ip_address-1",
  "text": "{\"remote_addr\":\"192.168.0.17\"}",
  "expect": [
   [
    "ip_address",
    "192.168.0.17"
   ]
  ]
 },
 {
  "id": "ip_address-2",
  "text": "connect to 203.0.113.42 failed",
  "expect": [
   [
    "ip_address",
    "203.0.113.42"
   ]
  ]
 },
 {
  "id": "ip_address-3",
  "text": "client ip=2001:db8::1 GET /",
  "expect": [
   [
    "ip_address",
    "2001:db8::1"
   ]
  ]
 },
 {
  "id": "ip_address-4",
  "text": "{\"remote_addr\":\"fe80::1%eth0\"}",
  "expect": [
   [
    "ip_address",
    "fe80::1%eth0"
   ]
  ]
 },
 {
  "id": "ip_address-5",
  "text": "connect to 2001:0db8:85a3:0000:0000:8a2e:0370:7334 failed",
  "expect": [
   [
    "ip_address",
    "2001:0db8:85a3:0000:0000:8a2e:0370:7334"
   ]
  ]
 },
 {
  "id": "ip_address-6",
  "text": "client ip=::ffff:192.0.2.128 GET /",
  "expect": [
   [
    "ip_address",
    "::ffff:192.0.2.128"
   ]
  ]
 },
 {
  "id": "neg-ip-version",
  "text": "Chrome 120.0.6099.109 on v1.2.3.4.5; OID 1.3.6.1.4.1.311",
  "expect": [],
  "hard": true,
  "against": "ip_address"
 },
 {
  "id": "neg-ip-netmask",
  "text": "netmask 255.255.255.0 broadcast 0.0.0.0",
  "expect": [],
  "hard": true,
  "against": "ip_address"
 },
 {
  "id": "neg-ip-time",
  "text": "started 12:30:45 finished 13:01:02",
  "expect": [],
  "hard": true,
  "against": "ip_address"
 },
 {
  "id": "neg-ip-mac",
  "text": "ether 00:1a:2b:3c:4d:5e txqueuelen 1000",
  "expect": [],
  "hard": true,
  "against": "ip_address"
 },
 {
  "id": "neg-ip-cpp",
  "text": "use std::vector and Foo::bar::baz in dead::beef",
  "expect": [],
  "hard": true,
  "against": "ip_address"
 },
 {
  "id": "neg-ip-bad-octet",
  "text": "value 256.1.1.1 and 1.2.3.999",
  "expect": [],
  "hard": true,
  "against": "ip_address"
 },
 {
  "id": "api_key-0",
  "text": "OPENAI_API_KEY=sk-proj-i5b8EkoKlvkD3dazuJ3UGNDvvjAZybLNJlkToH0G9IQFqbqBT3BlbkFJDAHeD9TJNUcf8slJRxue",
  "expect": [
   [
    "api_key",
    "sk-proj-i5b8EkoKlvkD3dazuJ3UGNDvvjAZybLNJlkToH0G9IQFqbqBT3BlbkFJDAHeD9TJNUcf8slJRxue"
   ]
  ]
 },
 {
  "id": "api_key-1",
  "text": "{\"config\":{\"token\":\"sk-ant-api03-FtuDHTNQni1h1fInfgw9mq2U4e2751hCrFlC7A00CbGgDVNaww5WyhfHjgFQAKTSg9gj455iuFJd5oBLAA\"}}",
  "expect": [
   [
    "api_key",
    "sk-ant-api03-FtuDHTNQni1h1fInfgw9mq2U4e2751hCrFlC7A00CbGgDVNaww5WyhfHjgFQAKTSg9gj455iuFJd5oBLAA"
   ]
  ]
 },
 {
  "id": "api_key-2",
  "text": "using key 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 for requests",
  "expect": [
   [
    "api_key",
    "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"
   ]
  ]
 },
 {
  "id": "api_key-3",
  "text": "OPENAI_API_KEY=ghp_GR919oJpQ9nM6gKuCCWqyHjliJeXJpSIG0f0",
  "expect": [
   [
    "api_key",
    "ghp_GR919oJpQ9nM6gKuCCWqyHjliJeXJpSIG0f0"
   ]
  ]
 },
 {
  "id": "api_key-4",
  "text": "{\"config\":{\"token\":\"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\"}}",
  "expect": [
   [
    "api_key",
    "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"
   ]
  ]
 },
 {
  "id": "api_key-5",
  "text": "using key xoxb-567285402536-930302017115-Km84tWmroqtBDBXQ6R43WpLU for requests",
  "expect": [
   [
    "api_key",
    "xoxb-567285402536-930302017115-Km84tWmroqtBDBXQ6R43WpLU"
   ]
  ]
 },
 {
  "id": "api_key-6",
  "text": "OPENAI_API_KEY=sk_live_4simgYRV9CZvB5ttZEmbHeJQ",
  "expect": [
   [
    "api_key",
    "sk_live_4simgYRV9CZvB5ttZEmbHeJQ"
   ]
  ]
 },
 {
  "id": "api_key-7",
  "text": "{\"config\":{\"token\":\"rk_live_z5SKNEskpUiCeiVAtZJXeUKU\"}}",
  "expect": [
   [
    "api_key",
    "rk_live_z5SKNEskpUiCeiVAtZJXeUKU"
   ]
  ]
 },
 {
  "id": "api_key-8",
  "text": "using key AIzaWt2pcT6HJviqAOpTwlyPfU5yq6WmaDJCZtp for requests",
  "expect": [
   [
    "api_key",
    "AIzaWt2pcT6HJviqAOpTwlyPfU5yq6WmaDJCZtp"
   ]
  ]
 },
 {
  "id": "api_key-9",
  "text": "OPENAI_API_KEY=sk-ant-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  "expect": [
   [
    "api_key",
    "sk-ant-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
   ]
  ]
 },
 {
  "id": "api_key-bearer",
  "text": "curl -H \"Authorization: Bearer abc123XYZ789def456GHI\" https://api.example.com",
  "expect": [
   [
    "api_key",
    "abc123XYZ789def456GHI"
   ]
  ]
 },
 {
  "id": "api_key-generic-assign",
  "text": "client_secret: \"Zq8vR2nL5xT9wK3mP7yB\"",
  "expect": [
   [
    "api_key",
    "Zq8vR2nL5xT9wK3mP7yB"
   ]
  ]
 },
 {
  "id": "api_key-json-key",
  "text": "{\"apiKey\": \"q9W8e7R6t5Y4u3I2o1Pz\"}",
  "expect": [
   [
    "api_key",
    "q9W8e7R6t5Y4u3I2o1Pz"
   ]
  ]
 },
 {
  "id": "neg-key-placeholder",
  "text": "OPENAI_API_KEY=${OPENAI_API_KEY} and token: <redacted>",
  "expect": [],
  "hard": true,
  "against": "api_key"
 },
 {
  "id": "neg-key-max-tokens",
  "text": "{\"max_tokens\": 4096, \"token_type\": \"bearer\", \"tokens_used\": 1234}",
  "expect": [],
  "hard": true,
  "against": "api_key"
 },
 {
  "id": "neg-key-page-token",
  "text": "{\"nextPageToken\": \"CAESBggDEKAGGhQKEgoQ\", \"items\": []}",
  "expect": [],
  "hard": true,
  "against": "api_key"
 },
 {
  "id": "neg-key-masked",
  "text": "api_key=[REDACTED:API_KEY] token=********",
  "expect": [],
  "hard": true,
  "against": "api_key"
 },
 {
  "id": "neg-key-prose",
  "text": "The basic understanding of a token bucket is simple.",
  "expect": [],
  "hard": true,
  "against": "api_key"
 },
 {
  "id": "aws_access_key-0",
  "text": "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
  "expect": [
   [
    "aws_access_key",
    "AKIAIOSFODNN7EXAMPLE"
   ]
  ]
 },
 {
  "id": "aws_access_key-1",
  "text": "{\"AccessKeyId\": \"AKIAQ3ZLMN7RT5WXY2VB\"}",
  "expect": [
   [
    "aws_access_key",
    "AKIAQ3ZLMN7RT5WXY2VB"
   ]
  ]
 },
 {
  "id": "aws_access_key-2",
  "text": "key ASIAJ7KQ2MNB4VCX8ZLP rotated",
  "expect": [
   [
    "aws_access_key",
    "ASIAJ7KQ2MNB4VCX8ZLP"
   ]
  ]
 },
 {
  "id": "aws_access_key-secret",
  "text": "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  "expect": [
   [
    "aws_access_key",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
   ]
  ]
 },
 {
  "id": "aws_access_key-sts",
  "text": "{\"AccessKeyId\": \"ASIAJ7KQ2MNB4VCX8ZLP\", \"SecretAccessKey\": \"9drTJvcXLB89EXAMPLEkeyJ4lEw+u3aQzPxYvPfq\"}",
  "expect": [
   [
    "aws_access_key",
    "ASIAJ7KQ2MNB4VCX8ZLP"
   ],
   [
    "aws_access_key",
    "9drTJvcXLB89EXAMPLEkeyJ4lEw+u3aQzPxYvPfq"
   ]
  ]
 },
 {
  "id": "neg-aws-account-id",
  "text": "{\"Account\": \"123456789012\", \"Arn\": \"arn:aws:iam::123456789012:user/dev\"}",
  "expect": [],
  "hard": true,
  "against": "aws_access_key"
 },
 {
  "id": "neg-aws-bad-prefix",
  "text": "id AKZAIOSFODNN7EXAMPLE and AKIA-IOSFODNN7",
  "expect": [],
  "hard": true,
  "against": "aws_access_key"
 },
 {
  "id": "jwt-0",
  "text": "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFubiJ9.T5wyPXlnAvZRiSHCTaXKGeHTYXZqZPs7vMhZ0nxCLEG",
  "expect": [
   [
    "jwt",
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFubiJ9.T5wyPXlnAvZRiSHCTaXKGeHTYXZqZPs7vMhZ0nxCLEG"
   ]
  ]
 },
 {
  "id": "jwt-1",
  "text": "{\"id_token\":\"eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2lkLmV4YW1wbGUuY29tIiwiZXhwIjoxOTAwMDAwMDAwfQ.cnwwXfelDMDJudxpgPDvQVMdXpWZBAcLhgYrnYyfJkPj4hWnlZflI0C11Ys4dXAEazn355k7M6Hyyj0tNXzoY6\"}",
  "expect": [
   [
    "jwt",
    "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2lkLmV4YW1wbGUuY29tIiwiZXhwIjoxOTAwMDAwMDAwfQ.cnwwXfelDMDJudxpgPDvQVMdXpWZBAcLhgYrnYyfJkPj4hWnlZflI0C11Ys4dXAEazn355k7M6Hyyj0tNXzoY6"
   ]
  ]
 },
 {
  "id": "jwt-2",
  "text": "session=eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.; Path=/",
  "expect": [
   [
    "jwt",
    "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."
   ]
  ]
 },
 {
  "id": "neg-jwt-bad-header",
  "text": "eyJub3QganNvbg.eyJzdWIiOiIxIn0.abcdefghijklmnop",
  "expect": [],
  "hard": true,
  "against": "jwt"
 },
 {
  "id": "neg-jwt-no-alg",
  "text": "eyJoZWxsbyI6IndvcmxkIn0.eyJzdWIiOiIxIn0.sig123456",
  "expect": [],
  "hard": true,
  "against": "jwt"
 },
 {
  "id": "private_key-rsa",
  "text": "-----BEGIN RSA PRIVATE KEY-----\nnIKpcLxSGxrGUS3PSFGJptXl1exJDDUC54MPVx3nFZvhMN6y104JRtWBzwlfvrzr\nPELs4XH3eLlfqRabLAwrESAWJCwN6KtWeyjTWw3F7G7krtcmzMmLsksYPDaqYHwu\nh94zecNfVuiO4ggacs9RwPnr0bZMe7NP0tKSbm9E7bYZSR1ajCew3rbIcw3GoIYU\n-----END RSA PRIVATE KEY-----",
  "expect": [
   [
    "private_key",
    "-----BEGIN RSA PRIVATE KEY-----\nnIKpcLxSGxrGUS3PSFGJptXl1exJDDUC54MPVx3nFZvhMN6y104JRtWBzwlfvrzr\nPELs4XH3eLlfqRabLAwrESAWJCwN6KtWeyjTWw3F7G7krtcmzMmLsksYPDaqYHwu\nh94zecNfVuiO4ggacs9RwPnr0bZMe7NP0tKSbm9E7bYZSR1ajCew3rbIcw3GoIYU\n-----END RSA PRIVATE KEY-----"
   ]
  ]
 },
 {
  "id": "private_key-pkcs8-json",
  "text": "{\"private_key\":\"-----BEGIN PRIVATE KEY-----\\n2cktJGg7RRVrnqbHHKJWjEADJ2L1AWCHOt9jIpgv9Udr0xIovyvwY5on5h1GbFg7\\nr2pSgUwjkoQyXpcniD9P==\\n-----END PRIVATE KEY-----\\n\"}",
  "expect": [
   [
    "private_key",
    "-----BEGIN PRIVATE KEY-----\\n2cktJGg7RRVrnqbHHKJWjEADJ2L1AWCHOt9jIpgv9Udr0xIovyvwY5on5h1GbFg7\\nr2pSgUwjkoQyXpcniD9P==\\n-----END PRIVATE KEY-----"
   ]
  ]
 },
 {
  "id": "private_key-truncated",
  "text": "$ head -c 120 id_rsa\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAABlwAAAAdzc2gtcn",
  "expect": [
   [
    "private_key",
    "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAABlwAAAAdzc2gtcn"
   ]
  ]
 },
 {
  "id": "private_key-tiny",
  "text": "-----BEGIN PRIVATE KEY-----\nMIIE...",
  "expect": [
   [
    "private_key",
    "-----BEGIN PRIVATE KEY-----\nMIIE"
   ]
  ]
 },
 {
  "id": "neg-pem-public",
  "text": "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----",
  "expect": [],
  "hard": true,
  "against": "private_key"
 },
 {
  "id": "neg-pem-cert",
  "text": "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----",
  "expect": [],
  "hard": true,
  "against": "private_key"
 },
 {
  "id": "password-0",
  "text": "DB_PASSWORD=Tr0ub4dor&3x",
  "expect": [
   [
    "password",
    "Tr0ub4dor"
   ]
  ]
 },
 {
  "id": "password-1",
  "text": "password: \"correct horse battery\"",
  "expect": [
   [
    "password",
    "correct horse battery"
   ]
  ]
 },
 {
  "id": "password-2",
  "text": "{\"user\":\"ann\",\"password\":\"hunter2!\"}",
  "expect": [
   [
    "password",
    "hunter2!"
   ]
  ]
 },
 {
  "id": "password-3",
  "text": "postgres://admin:s3cr3tP4ss@db.internal:5432/app",
  "expect": [
   [
    "password",
    "s3cr3tP4ss"
   ]
  ]
 },
 {
  "id": "password-4",
  "text": "mysql --user=root --password=R00tPw! -h db",
  "expect": [
   [
    "password",
    "R00tPw!"
   ]
  ]
 },
 {
  "id": "password-5",
  "text": "Server=db;Database=app;User Id=sa;Password=Sa#2024pw;",
  "expect": [
   [
    "password",
    "Sa#2024pw"
   ]
  ]
 },
 {
  "id": "password-6",
  "text": "redis://:p@ssw0rd@cache.local:6379/0",
  "expect": [
   [
    "password",
    "p@ssw0rd"
   ]
  ]
 },
 {
  "id": "neg-password-placeholder",
  "text": "password: ${DB_PASSWORD}\npassword=<redacted>\npassword: ********",
  "expect": [],
  "hard": true,
  "against": "password"
 },
 {
  "id": "neg-password-next-line",
  "text": "snowflake.password=\njdbc.snowflake.url=jdbc:snowflake://acme.snowflakecomputing.com",
  "expect": [],
  "hard": true,
  "against": "password"
 },
 {
  "id": "neg-password-type",
  "text": "interface User { password: string; email: string }",
  "expect": [],
  "hard": true,
  "against": "password"
 },
 {
  "id": "neg-password-test-output",
  "text": "Tests: 45 passed, 0 failed; pass rate 100%",
  "expect": [],
  "hard": true,
  "against": "password"
 },
 {
  "id": "neg-password-env-ref",
  "text": "password = os.environ[\"DB_PASSWORD\"]",
  "expect": [],
  "hard": true,
  "against": "password"
 },
 {
  "id": "aadhaar-0",
  "text": "Aadhaar: 940920494858",
  "expect": [
   [
    "aadhaar",
    "940920494858"
   ]
  ]
 },
 {
  "id": "aadhaar-1",
  "text": "{\"kyc\":{\"aadhaar_number\":\"3282 1079 5044\"}}",
  "expect": [
   [
    "aadhaar",
    "3282 1079 5044"
   ]
  ]
 },
 {
  "id": "aadhaar-2",
  "text": "UID 6245-1069-9032 verified",
  "expect": [
   [
    "aadhaar",
    "6245-1069-9032"
   ]
  ]
 },
 {
  "id": "aadhaar-3",
  "text": "Aadhaar: 249530499805",
  "expect": [
   [
    "aadhaar",
    "249530499805"
   ]
  ]
 },
 {
  "id": "aadhaar-4",
  "text": "{\"kyc\":{\"aadhaar_number\":\"6523 1605 5470\"}}",
  "expect": [
   [
    "aadhaar",
    "6523 1605 5470"
   ]
  ]
 },
 {
  "id": "aadhaar-5",
  "text": "UID 7397-5451-9284 verified",
  "expect": [
   [
    "aadhaar",
    "7397-5451-9284"
   ]
  ]
 },
 {
  "id": "neg-aadhaar-verhoeff-0",
  "text": "Aadhaar: 9409 2049 4859",
  "expect": [],
  "hard": true,
  "note": "Aadhaar failing Verhoeff by one digit",
  "against": "aadhaar"
 },
 {
  "id": "neg-aadhaar-verhoeff-1",
  "text": "Aadhaar: 3282 1079 5045",
  "expect": [],
  "hard": true,
  "note": "Aadhaar failing Verhoeff by one digit",
  "against": "aadhaar"
 },
 {
  "id": "neg-aadhaar-verhoeff-2",
  "text": "Aadhaar: 6245 1069 9033",
  "expect": [],
  "hard": true,
  "note": "Aadhaar failing Verhoeff by one digit",
  "against": "aadhaar"
 },
 {
  "id": "neg-aadhaar-starts-1",
  "text": "Aadhaar: 1234 5678 9012",
  "expect": [],
  "hard": true,
  "against": "aadhaar"
 },
 {
  "id": "neg-aadhaar-aws-arn",
  "text": "arn:aws:iam::224057202465:role/deploy",
  "expect": [],
  "hard": true,
  "note": "AWS account id that passes Verhoeff",
  "against": "aadhaar"
 },
 {
  "id": "neg-aadhaar-aws-json",
  "text": "{\"UserId\": \"AIDAEXAMPLE\", \"Account\": \"224057202465\", \"Arn\": \"arn:aws:sts::224057202465:assumed-role/x\"}",
  "expect": [],
  "hard": true,
  "against": "aadhaar"
 },
 {
  "id": "pan-0",
  "text": "PAN: ABCPD1234F",
  "expect": [
   [
    "pan",
    "ABCPD1234F"
   ]
  ]
 },
 {
  "id": "pan-1",
  "text": "{\"pan\":\"AAAPZ1234C\",\"name\":\"Ravi\"}",
  "expect": [
   [
    "pan",
    "AAAPZ1234C"
   ]
  ]
 },
 {
  "id": "pan-2",
  "text": "income tax id BNZAA2318J on file",
  "expect": [
   [
    "pan",
    "BNZAA2318J"
   ]
  ]
 },
 {
  "id": "pan-3",
  "text": "PAN: AFZPK7190K",
  "expect": [
   [
    "pan",
    "AFZPK7190K"
   ]
  ]
 },
 {
  "id": "pan-4",
  "text": "{\"pan\":\"AAACB1234H\",\"name\":\"Ravi\"}",
  "expect": [
   [
    "pan",
    "AAACB1234H"
   ]
  ]
 },
 {
  "id": "neg-pan-bad-holder",
  "text": "PAN: ABCDE1234F and ABCQD1234F",
  "expect": [],
  "hard": true,
  "against": "pan"
 },
 {
  "id": "neg-pan-zero-serial",
  "text": "PAN: ACUPA0000R",
  "expect": [],
  "hard": true,
  "against": "pan"
 },
 {
  "id": "gstin-0",
  "text": "GSTIN: 27AAPFU0939F1ZV",
  "expect": [
   [
    "gstin",
    "27AAPFU0939F1ZV"
   ]
  ]
 },
 {
  "id": "gstin-1",
  "text": "{\"gstin\":\"29AABCU9603R1ZJ\"}",
  "expect": [
   [
    "gstin",
    "29AABCU9603R1ZJ"
   ]
  ]
 },
 {
  "id": "gstin-2",
  "text": "Invoice from supplier 07AAACB1234H1Z7",
  "expect": [
   [
    "gstin",
    "07AAACB1234H1Z7"
   ]
  ]
 },
 {
  "id": "gstin-3",
  "text": "GSTIN: 33ABCPD1234F1ZJ",
  "expect": [
   [
    "gstin",
    "33ABCPD1234F1ZJ"
   ]
  ]
 },
 {
  "id": "neg-gstin-presidio-test-value-bad-check",
  "text": "GSTIN: 27ABCDE1234F1Z5",
  "expect": [],
  "hard": true,
  "against": "gstin"
 },
 {
  "id": "neg-gstin-bad-check",
  "text": "GSTIN: 27AAPFU0939F1ZO",
  "expect": [],
  "hard": true,
  "against": "gstin"
 },
 {
  "id": "neg-gstin-bad-state",
  "text": "GSTIN: 45AAPFU0939F1ZV",
  "expect": [],
  "hard": true,
  "against": "gstin"
 },
 {
  "id": "upi_id-0",
  "text": "Pay to ravi.kumar@okaxis",
  "expect": [
   [
    "upi_id",
    "ravi.kumar@okaxis"
   ]
  ]
 },
 {
  "id": "upi_id-1",
  "text": "{\"vpa\":\"9876543210@ybl\"}",
  "expect": [
   [
    "upi_id",
    "9876543210@ybl"
   ]
  ]
 },
 {
  "id": "upi_id-2",
  "text": "UPI: priya@paytm",
  "expect": [
   [
    "upi_id",
    "priya@paytm"
   ]
  ]
 },
 {
  "id": "upi_id-3",
  "text": "Pay to shop.123@okhdfcbank",
  "expect": [
   [
    "upi_id",
    "shop.123@okhdfcbank"
   ]
  ]
 },
 {
  "id": "neg-upi-unknown-handle",
  "text": "ping ubuntu@bastion and build@ci-runner",
  "expect": [],
  "hard": true,
  "against": "upi_id"
 },
 {
  "id": "email-not-upi",
  "text": "mail ravi@paytm.com about the refund",
  "expect": [
   [
    "email",
    "ravi@paytm.com"
   ]
  ]
 },
 {
  "id": "ifsc-0",
  "text": "IFSC: HDFC0001234",
  "expect": [
   [
    "ifsc",
    "HDFC0001234"
   ]
  ]
 },
 {
  "id": "ifsc-1",
  "text": "{\"ifsc\":\"SBIN0005943\"}",
  "expect": [
   [
    "ifsc",
    "SBIN0005943"
   ]
  ]
 },
 {
  "id": "ifsc-2",
  "text": "branch code ICIC0000001",
  "expect": [
   [
    "ifsc",
    "ICIC0000001"
   ]
  ]
 },
 {
  "id": "ifsc-3",
  "text": "IFSC: UTIB0000123",
  "expect": [
   [
    "ifsc",
    "UTIB0000123"
   ]
  ]
 },
 {
  "id": "neg-ifsc-http",
  "text": "upstream returned HTTP0000503 and HTTP0000404",
  "expect": [],
  "hard": true,
  "against": "ifsc"
 },
 {
  "id": "neg-ifsc-bad-fifth",
  "text": "IFSC: HDFC1001234",
  "expect": [],
  "hard": true,
  "against": "ifsc"
 },
 {
  "id": "in_passport-0",
  "text": "Passport No: J8369854",
  "expect": [
   [
    "in_passport",
    "J8369854"
   ]
  ]
 },
 {
  "id": "in_passport-1",
  "text": "{\"passport_number\":\"A2096457\"}",
  "expect": [
   [
    "in_passport",
    "A2096457"
   ]
  ]
 },
 {
  "id": "in_passport-2",
  "text": "Indian passport M1234567 expires 2031",
  "expect": [
   [
    "in_passport",
    "M1234567"
   ]
  ]
 },
 {
  "id": "neg-passport-no-context",
  "text": "order ref K2345678 dispatched",
  "expect": [],
  "hard": true,
  "against": "in_passport"
 },
 {
  "id": "neg-passport-zero-end",
  "text": "Passport No: J8369850",
  "expect": [],
  "hard": true,
  "against": "in_passport"
 },
 {
  "id": "in_vehicle_registration-0",
  "text": "Vehicle: MH 12 DE 1433",
  "expect": [
   [
    "in_vehicle_registration",
    "MH 12 DE 1433"
   ]
  ]
 },
 {
  "id": "in_vehicle_registration-1",
  "text": "{\"registration\":\"KA-05-MN-2024\"}",
  "expect": [
   [
    "in_vehicle_registration",
    "KA-05-MN-2024"
   ]
  ]
 },
 {
  "id": "in_vehicle_registration-2",
  "text": "car DL1CAB1234 parked",
  "expect": [
   [
    "in_vehicle_registration",
    "DL1CAB1234"
   ]
  ]
 },
 {
  "id": "in_vehicle_registration-3",
  "text": "RC 22 BH 1234 AB",
  "expect": [
   [
    "in_vehicle_registration",
    "22 BH 1234 AB"
   ]
  ]
 },
 {
  "id": "neg-vehicle-zero",
  "text": "Vehicle: MH 12 DE 0000",
  "expect": [],
  "hard": true,
  "against": "in_vehicle_registration"
 },
 {
  "id": "neg-vehicle-unknown-state",
  "text": "code ZZ12AB1234 and QQ 12 DE 1433",
  "expect": [],
  "hard": true,
  "against": "in_vehicle_registration"
 },
 {
  "id": "in_voter_id-0",
  "text": "Voter ID: ABC1234567",
  "expect": [
   [
    "in_voter_id",
    "ABC1234567"
   ]
  ]
 },
 {
  "id": "in_voter_id-1",
  "text": "{\"epic_no\":\"WKH1186253\"}",
  "expect": [
   [
    "in_voter_id",
    "WKH1186253"
   ]
  ]
 },
 {
  "id": "in_voter_id-2",
  "text": "EPIC XYZ9876543 for election",
  "expect": [
   [
    "in_voter_id",
    "XYZ9876543"
   ]
  ]
 },
 {
  "id": "neg-voter-invoice",
  "text": "invoice INV2024001 and INV2024002 paid",
  "expect": [],
  "hard": true,
  "against": "in_voter_id"
 },
 {
  "id": "neg-voter-no-context",
  "text": "batch ABC1234567 queued",
  "expect": [],
  "hard": true,
  "against": "in_voter_id"
 },
 {
  "id": "eu_vat-0",
  "text": "VAT: ATU13585627",
  "expect": [
   [
    "eu_vat",
    "ATU13585627"
   ]
  ]
 },
 {
  "id": "eu_vat-1",
  "text": "{\"vat_id\":\"BE 0403019261\"}",
  "expect": [
   [
    "eu_vat",
    "BE 0403019261"
   ]
  ]
 },
 {
  "id": "eu_vat-2",
  "text": "Supplier BG175074752, net 30",
  "expect": [
   [
    "eu_vat",
    "BG175074752"
   ]
  ]
 },
 {
  "id": "eu_vat-3",
  "text": "USt-IdNr. CY10259033P",
  "expect": [
   [
    "eu_vat",
    "CY10259033P"
   ]
  ]
 },
 {
  "id": "eu_vat-4",
  "text": "VAT: CZ25123891",
  "expect": [
   [
    "eu_vat",
    "CZ25123891"
   ]
  ]
 },
 {
  "id": "eu_vat-5",
  "text": "{\"vat_id\":\"DE 136695976\"}",
  "expect": [
   [
    "eu_vat",
    "DE 136695976"
   ]
  ]
 },
 {
  "id": "eu_vat-6",
  "text": "Supplier DK13585628, net 30",
  "expect": [
   [
    "eu_vat",
    "DK13585628"
   ]
  ]
 },
 {
  "id": "eu_vat-7",
  "text": "USt-IdNr. EE100594102",
  "expect": [
   [
    "eu_vat",
    "EE100594102"
   ]
  ]
 },
 {
  "id": "eu_vat-8",
  "text": "VAT: EL094259216",
  "expect": [
   [
    "eu_vat",
    "EL094259216"
   ]
  ]
 },
 {
  "id": "eu_vat-9",
  "text": "{\"vat_id\":\"ES B58378431\"}",
  "expect": [
   [
    "eu_vat",
    "ES B58378431"
   ]
  ]
 },
 {
  "id": "eu_vat-10",
  "text": "Supplier FI20774740, net 30",
  "expect": [
   [
    "eu_vat",
    "FI20774740"
   ]
  ]
 },
 {
  "id": "eu_vat-11",
  "text": "USt-IdNr. FR40303265045",
  "expect": [
   [
    "eu_vat",
    "FR40303265045"
   ]
  ]
 },
 {
  "id": "eu_vat-12",
  "text": "VAT: HR33392005961",
  "expect": [
   [
    "eu_vat",
    "HR33392005961"
   ]
  ]
 },
 {
  "id": "eu_vat-13",
  "text": "{\"vat_id\":\"HU 12892312\"}",
  "expect": [
   [
    "eu_vat",
    "HU 12892312"
   ]
  ]
 },
 {
  "id": "eu_vat-14",
  "text": "Supplier IE6433435F, net 30",
  "expect": [
   [
    "eu_vat",
    "IE6433435F"
   ]
  ]
 },
 {
  "id": "eu_vat-15",
  "text": "USt-IdNr. IT00743110157",
  "expect": [
   [
    "eu_vat",
    "IT00743110157"
   ]
  ]
 },
 {
  "id": "eu_vat-16",
  "text": "VAT: LT100001919017",
  "expect": [
   [
    "eu_vat",
    "LT100001919017"
   ]
  ]
 },
 {
  "id": "eu_vat-17",
  "text": "{\"vat_id\":\"LU 15027442\"}",
  "expect": [
   [
    "eu_vat",
    "LU 15027442"
   ]
  ]
 },
 {
  "id": "eu_vat-18",
  "text": "Supplier LV40003521600, net 30",
  "expect": [
   [
    "eu_vat",
    "LV40003521600"
   ]
  ]
 },
 {
  "id": "eu_vat-19",
  "text": "USt-IdNr. MT11679112",
  "expect": [
   [
    "eu_vat",
    "MT11679112"
   ]
  ]
 },
 {
  "id": "eu_vat-20",
  "text": "VAT: NL004495445B01",
  "expect": [
   [
    "eu_vat",
    "NL004495445B01"
   ]
  ]
 },
 {
  "id": "eu_vat-21",
  "text": "{\"vat_id\":\"PL 8567346215\"}",
  "expect": [
   [
    "eu_vat",
    "PL 8567346215"
   ]
  ]
 },
 {
  "id": "eu_vat-22",
  "text": "Supplier PT501964843, net 30",
  "expect": [
   [
    "eu_vat",
    "PT501964843"
   ]
  ]
 },
 {
  "id": "eu_vat-23",
  "text": "USt-IdNr. RO18547290",
  "expect": [
   [
    "eu_vat",
    "RO18547290"
   ]
  ]
 },
 {
  "id": "eu_vat-24",
  "text": "VAT: SE123456789701",
  "expect": [
   [
    "eu_vat",
    "SE123456789701"
   ]
  ]
 },
 {
  "id": "eu_vat-25",
  "text": "{\"vat_id\":\"SI 50223054\"}",
  "expect": [
   [
    "eu_vat",
    "SI 50223054"
   ]
  ]
 },
 {
  "id": "eu_vat-26",
  "text": "Supplier SK2022749619, net 30",
  "expect": [
   [
    "eu_vat",
    "SK2022749619"
   ]
  ]
 },
 {
  "id": "neg-vat-checksum-0",
  "text": "VAT: BG175074754",
  "expect": [],
  "hard": true,
  "note": "VAT number failing its checksum",
  "against": "eu_vat"
 },
 {
  "id": "neg-vat-checksum-1",
  "text": "VAT: CY10259033Z",
  "expect": [],
  "hard": true,
  "note": "VAT number failing its checksum",
  "against": "eu_vat"
 },
 {
  "id": "neg-vat-checksum-2",
  "text": "VAT: DK13585627",
  "expect": [],
  "hard": true,
  "note": "VAT number failing its checksum",
  "against": "eu_vat"
 },
 {
  "id": "neg-vat-checksum-3",
  "text": "VAT: FI20774741",
  "expect": [],
  "hard": true,
  "note": "VAT number failing its checksum",
  "against": "eu_vat"
 },
 {
  "id": "neg-vat-checksum-4",
  "text": "VAT: HR33392005962",
  "expect": [],
  "hard": true,
  "note": "VAT number failing its checksum",
  "against": "eu_vat"
 },
 {
  "id": "neg-vat-checksum-5",
  "text": "VAT: IT00743110158",
  "expect": [],
  "hard": true,
  "note": "VAT number failing its checksum",
  "against": "eu_vat"
 },
 {
  "id": "neg-vat-checksum-6",
  "text": "VAT: PL8567346216",
  "expect": [],
  "hard": true,
  "note": "VAT number failing its checksum",
  "against": "eu_vat"
 },
 {
  "id": "neg-vat-checksum-7",
  "text": "VAT: SI50223053",
  "expect": [],
  "hard": true,
  "note": "VAT number failing its checksum",
  "against": "eu_vat"
 },
 {
  "id": "neg-vat-checksum-8",
  "text": "VAT: SK2022749618",
  "expect": [],
  "hard": true,
  "note": "VAT number failing its checksum",
  "against": "eu_vat"
 },
 {
  "id": "neg-vat-checksum-9",
  "text": "VAT: FR40303265046",
  "expect": [],
  "hard": true,
  "note": "VAT number failing its checksum",
  "against": "eu_vat"
 },
 {
  "id": "neg-vat-not-country",
  "text": "code DX123456789 and QQ123456789",
  "expect": [],
  "hard": true,
  "against": "eu_vat"
 },
 {
  "id": "uk_nino-0",
  "text": "NI number: AB 12 34 56 C",
  "expect": [
   [
    "uk_nino",
    "AB 12 34 56 C"
   ]
  ]
 },
 {
  "id": "uk_nino-1",
  "text": "{\"nino\":\"AB123456C\"}",
  "expect": [
   [
    "uk_nino",
    "AB123456C"
   ]
  ]
 },
 {
  "id": "uk_nino-2",
  "text": "National Insurance JG103759A",
  "expect": [
   [
    "uk_nino",
    "JG103759A"
   ]
  ]
 },
 {
  "id": "uk_nino-3",
  "text": "employee ZX 98 76 54 D",
  "expect": [
   [
    "uk_nino",
    "ZX 98 76 54 D"
   ]
  ]
 },
 {
  "id": "neg-nino-bad-prefix",
  "text": "NI number: BG123456C, DA123456A and QQ123456C",
  "expect": [],
  "hard": true,
  "against": "uk_nino"
 },
 {
  "id": "neg-nino-bad-suffix",
  "text": "NI number: AB123456E",
  "expect": [],
  "hard": true,
  "against": "uk_nino"
 },
 {
  "id": "es_nif-0",
  "text": "DNI: 12345678Z",
  "expect": [
   [
    "es_nif",
    "12345678Z"
   ]
  ]
 },
 {
  "id": "es_nif-1",
  "text": "{\"nif\":\"54362315K\"}",
  "expect": [
   [
    "es_nif",
    "54362315K"
   ]
  ]
 },
 {
  "id": "es_nif-2",
  "text": "NIE X5253868R",
  "expect": [
   [
    "es_nif",
    "X5253868R"
   ]
  ]
 },
 {
  "id": "es_nif-3",
  "text": "documento Y1234567X",
  "expect": [
   [
    "es_nif",
    "Y1234567X"
   ]
  ]
 },
 {
  "id": "neg-es-nif-bad-letter",
  "text": "DNI: 12345678A and X5253868Z",
  "expect": [],
  "hard": true,
  "against": "es_nif"
 },
 {
  "id": "it_fiscal_code-0",
  "text": "Codice fiscale: RSSMRA85T10A562S",
  "expect": [
   [
    "it_fiscal_code",
    "RSSMRA85T10A562S"
   ]
  ]
 },
 {
  "id": "it_fiscal_code-1",
  "text": "{\"cf\":\"MRTMTT91D08F205J\"}",
  "expect": [
   [
    "it_fiscal_code",
    "MRTMTT91D08F205J"
   ]
  ]
 },
 {
  "id": "neg-it-cf-bad-check",
  "text": "Codice fiscale: RSSMRA85T10A562T",
  "expect": [],
  "hard": true,
  "against": "it_fiscal_code"
 },
 {
  "id": "fr_nir-0",
  "text": "NIR: 1 84 12 76 451 089 46",
  "expect": [
   [
    "fr_nir",
    "1 84 12 76 451 089 46"
   ]
  ]
 },
 {
  "id": "fr_nir-1",
  "text": "{\"numero_securite_sociale\":\"295109912611193\"}",
  "expect": [
   [
    "fr_nir",
    "295109912611193"
   ]
  ]
 },
 {
  "id": "fr_nir-2",
  "text": "sécurité sociale 178059912345659",
  "expect": [
   [
    "fr_nir",
    "178059912345659"
   ]
  ]
 },
 {
  "id": "neg-fr-nir-bad-key",
  "text": "NIR: 184127645108947",
  "expect": [],
  "hard": true,
  "against": "fr_nir"
 },
 {
  "id": "nl_bsn-0",
  "text": "BSN: 111222333",
  "expect": [
   [
    "nl_bsn",
    "111222333"
   ]
  ]
 },
 {
  "id": "nl_bsn-1",
  "text": "{\"bsn\":\"123456782\"}",
  "expect": [
   [
    "nl_bsn",
    "123456782"
   ]
  ]
 },
 {
  "id": "neg-nl-bsn-bad-check",
  "text": "BSN: 111222334",
  "expect": [],
  "hard": true,
  "against": "nl_bsn"
 },
 {
  "id": "neg-nl-bsn-no-context",
  "text": "shipment 111222333 delivered",
  "expect": [],
  "hard": true,
  "against": "nl_bsn"
 },
 {
  "id": "pl_pesel-0",
  "text": "PESEL: 44051401359",
  "expect": [
   [
    "pl_pesel",
    "44051401359"
   ]
  ]
 },
 {
  "id": "pl_pesel-1",
  "text": "{\"pesel\":\"02070803628\"}",
  "expect": [
   [
    "pl_pesel",
    "02070803628"
   ]
  ]
 },
 {
  "id": "neg-pl-pesel-bad-check",
  "text": "PESEL: 44051401358",
  "expect": [],
  "hard": true,
  "against": "pl_pesel"
 },
 {
  "id": "ssn-0",
  "text": "SSN: 536-22-8726",
  "expect": [
   [
    "ssn",
    "536-22-8726"
   ]
  ]
 },
 {
  "id": "ssn-1",
  "text": "{\"ssn\":\"219-09-9998\"}",
  "expect": [
   [
    "ssn",
    "219-09-9998"
   ]
  ]
 },
 {
  "id": "ssn-2",
  "text": "social security number 078-05-1121",
  "expect": [
   [
    "ssn",
    "078-05-1121"
   ]
  ]
 },
 {
  "id": "ssn-3",
  "text": "employee 371 44 9635 on payroll",
  "expect": [
   [
    "ssn",
    "371 44 9635"
   ]
  ]
 },
 {
  "id": "ssn-4",
  "text": "SSN 521-45-6789",
  "expect": [
   [
    "ssn",
    "521-45-6789"
   ]
  ]
 },
 {
  "id": "ssn-bare-ctx",
  "text": "ssn: 536228726",
  "expect": [
   [
    "ssn",
    "536228726"
   ]
  ]
 },
 {
  "id": "neg-ssn-never-issued",
  "text": "SSN: 000-12-3456, 666-12-3456, 123-00-4567, 123-45-0000",
  "expect": [],
  "hard": true,
  "against": "ssn"
 },
 {
  "id": "neg-ssn-woolworth",
  "text": "SSN: 078-05-1120",
  "expect": [],
  "hard": true,
  "against": "ssn"
 },
 {
  "id": "neg-ssn-bare-no-context",
  "text": "batch 536228726 processed",
  "expect": [],
  "hard": true,
  "against": "ssn"
 },
 {
  "id": "us_itin-0",
  "text": "ITIN: 912-70-1234",
  "expect": [
   [
    "us_itin",
    "912-70-1234"
   ]
  ]
 },
 {
  "id": "us_itin-1",
  "text": "{\"itin\":\"900-88-1234\"}",
  "expect": [
   [
    "us_itin",
    "900-88-1234"
   ]
  ]
 },
 {
  "id": "us_itin-2",
  "text": "taxpayer 999-94-5678",
  "expect": [
   [
    "us_itin",
    "999-94-5678"
   ]
  ]
 },
 {
  "id": "neg-itin-bad-group",
  "text": "ITIN: 912-93-1234 and 912-40-1234",
  "expect": [],
  "hard": true,
  "against": "us_itin"
 },
 {
  "id": "us_passport-0",
  "text": "Passport: A12345678",
  "expect": [
   [
    "us_passport",
    "A12345678"
   ]
  ]
 },
 {
  "id": "us_passport-1",
  "text": "{\"passport_no\":\"123456789\"}",
  "expect": [
   [
    "us_passport",
    "123456789"
   ]
  ]
 },
 {
  "id": "us_passport-2",
  "text": "US passport C03005988",
  "expect": [
   [
    "us_passport",
    "C03005988"
   ]
  ]
 },
 {
  "id": "neg-us-passport-no-context",
  "text": "tracking A12345678 in transit",
  "expect": [],
  "hard": true,
  "against": "us_passport"
 },
 {
  "id": "us_bank_routing-0",
  "text": "Routing number: 021000021",
  "expect": [
   [
    "us_bank_routing",
    "021000021"
   ]
  ]
 },
 {
  "id": "us_bank_routing-1",
  "text": "{\"aba_routing\":\"011000015\"}",
  "expect": [
   [
    "us_bank_routing",
    "011000015"
   ]
  ]
 },
 {
  "id": "us_bank_routing-2",
  "text": "ACH routing 122105155",
  "expect": [
   [
    "us_bank_routing",
    "122105155"
   ]
  ]
 },
 {
  "id": "us_bank_routing-3",
  "text": "wire: routing 311000003",
  "expect": [
   [
    "us_bank_routing",
    "311000003"
   ]
  ]
 },
 {
  "id": "neg-routing-bad-check",
  "text": "Routing number: 021000022",
  "expect": [],
  "hard": true,
  "against": "us_bank_routing"
 },
 {
  "id": "neg-routing-bad-prefix",
  "text": "Routing number: 421000021",
  "expect": [],
  "hard": true,
  "against": "us_bank_routing"
 },
 {
  "id": "neg-uuid-0",
  "text": "request_id=463d630c-574d-4f65-aac7-2389c3c50a8b",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-uuid-1",
  "text": "{\"id\":\"ffdc23cb-74b9-4a90-aba3-0bd683ee4d99\",\"trace\":\"544fef6407e68fa462b8732c0c0648af\"}",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-uuid-2",
  "text": "request_id=c623ec80-e5db-4bf9-acb2-4c4679f8b152",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-uuid-3",
  "text": "{\"id\":\"02cc3e7e-948b-49c0-a64a-6a6b81268f3f\",\"trace\":\"63477017b1f3bb44d9118a48aa26b898\"}",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-uuid-4",
  "text": "request_id=46872f2f-ae35-48ed-ae0b-aabeaa97613e",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-uuid-5",
  "text": "{\"id\":\"323db00e-c7ab-4a7d-ade8-66b57ad40635\",\"trace\":\"11ea6d0ef1b0f241ae7012382216418b\"}",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-uuid-6",
  "text": "request_id=64ba76b7-3093-47ec-a73a-4bbd3dd18414",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-uuid-7",
  "text": "{\"id\":\"015bb060-3968-44ae-a15b-782015b5decf\",\"trace\":\"bd20bf74d2d264974dbc9451e58a5ebf\"}",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-sha-0",
  "text": "commit e7b8bc97fc6b85bba298c71877d8a037ddd12084",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-sha-1",
  "text": "image: app@sha256:3a43f484c5201993c77ba9c2d8fea4827b575b3453c432b753840a8139f932eb",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-sha-2",
  "text": "\"integrity\": \"sha512-MzNiMzUzNWU4ZTAyMGVlZWIzMWI1NTg1MzI0NDc5NDA1OTEzNjM5NDU3N2UyOGY5\"",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-sha-3",
  "text": "Merge: c90a3e4 9eb7af0",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-sha-4",
  "text": "commit d243bcdba429460013635e72b3e1fac7decab0aa",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-sha-5",
  "text": "image: app@sha256:42cc6f34ffa7bd3deb9a558c95151fa109ce5654c64cccfc2de1ced6765f25c6",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-sha-6",
  "text": "\"integrity\": \"sha512-NWNiM2E1YTBlOGJkMWYxMDlkMjIyM2FiNjUxZDBlMDdiOWViOGRkYTExMzhjMGFj\"",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-sha-7",
  "text": "Merge: 445e0a4 644e6bd",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-order-0",
  "text": "Order #9094334273 shipped",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-order-1",
  "text": "invoice INV-2024-903112 paid",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-order-2",
  "text": "{\"order_id\": 863301490236, \"total\": 129.99}",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-order-3",
  "text": "PO-79562329 ref 433827999",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-order-4",
  "text": "Order #1539488018 shipped",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-order-5",
  "text": "invoice INV-2024-921789 paid",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-order-6",
  "text": "{\"order_id\": 262315004538, \"total\": 129.99}",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-order-7",
  "text": "PO-11987481 ref 069494496",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-time-0",
  "text": "{\"ts\": 1746484017}",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-time-1",
  "text": "at 2024-10-19T08:15:11.727Z",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-time-2",
  "text": "epoch_ms=1732455176115",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-time-3",
  "text": "2024-06-16 14:10:03,512 INFO started",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-time-4",
  "text": "{\"ts\": 1796105125}",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-time-5",
  "text": "at 2024-09-05T02:48:40.535Z",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-time-6",
  "text": "epoch_ms=1733470356464",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-time-7",
  "text": "2024-06-27 14:28:03,512 INFO started",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-version-0",
  "text": "node v20.7.1",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-version-1",
  "text": "\"version\": \"1.5.0-beta.4\"",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-version-2",
  "text": "Chrome/122.0.9410.073",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-version-3",
  "text": "node v20.7.0",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-version-4",
  "text": "\"version\": \"1.29.2-beta.8\"",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-version-5",
  "text": "Chrome/123.0.6029.886",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-coord-0",
  "text": "lat=-59.242858, lng=-105.092430",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-coord-1",
  "text": "{\"location\":{\"lat\":4.0199903,\"lon\":45.1745260}}",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-coord-2",
  "text": "lat=-49.097301, lng=-111.255033",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-coord-3",
  "text": "{\"location\":{\"lat\":71.1301339,\"lon\":62.8338361}}",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-coord-4",
  "text": "lat=4.477492, lng=32.223285",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-coord-5",
  "text": "{\"location\":{\"lat\":37.0298374,\"lon\":155.1532817}}",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-aws-account-0",
  "text": "{\"Account\": \"681740323852\"}",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-aws-account-1",
  "text": "arn:aws:s3:::bucket-374731503500/key",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-aws-account-2",
  "text": "account id 556943737214",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-aws-account-3",
  "text": "{\"Account\": \"951740065383\"}",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-aws-account-4",
  "text": "arn:aws:s3:::bucket-771774061326/key",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-aws-account-5",
  "text": "account id 822565152361",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-money-0",
  "text": "total: $4455.63",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-money-1",
  "text": "amount 1,234,567.89 EUR",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-money-2",
  "text": "\"price_cents\": 9799981",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-money-3",
  "text": "total: $1017.37",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-money-4",
  "text": "amount 1,234,567.89 EUR",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-money-5",
  "text": "\"price_cents\": 3693761",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-prose-1",
  "text": "The quick brown fox jumps over the lazy dog while the build runs.",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-prose-2",
  "text": "Step 3 of 12: compiling 4,512 files in 37.2 seconds.",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-port-pid",
  "text": "listening on 0.0.0.0:8080 (pid 48213), workers 4",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-isbn",
  "text": "ISBN 978-3-16-148410-0 and ISBN-13 9783161484100",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-phone-like-range",
  "text": "pages 1234-5678, items 100-200-300",
  "expect": [],
  "hard": true,
  "against": "phone"
 },
 {
  "id": "neg-semver-range",
  "text": "peer dep ^4.2.0 || >=5.0.0-rc.1",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-hash-b64",
  "text": "etag: \"W/\\\"5f3c9a-Qm9vbGVhbg\\\"\", content-md5: rL0Y20zC+Fzt72VPzMSk2A==",
  "expect": [],
  "hard": true
 },
 {
  "id": "neg-file-paths",
  "text": "/home/user/.ssh/id_rsa.pub and C:\\Users\\ann\\key.txt",
  "expect": [],
  "hard": true
 }
];
