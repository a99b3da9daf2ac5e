import { defineRecognizer } from '../recognizer.js';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`(?<![\\w.])${OCTET}(?:\\.${OCTET}){3}(?!\\w|\\.\\d)`);

/** Netmasks and the unspecified address are not anyone's address. */
const NOT_ADDRESSES = new Set([
  '0.0.0.0',
  '255.255.255.255',
  '255.255.255.0',
  '255.255.0.0',
  '255.0.0.0',
]);

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

const IPV4_TAIL = new RegExp(`${OCTET}(?:\\.${OCTET}){3}`, 'y');
const ZONE = /%[\w.-]{1,16}/y;

function isWord(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * IPv6 candidates, scanned by hand from each `:` that has hex digits or a colon next to it: a
 * regex starting with a hex digit would try every word, and JSON has a colon after every key.
 */
function* findIpv6(text: string): Generator<[number, number]> {
  const n = text.length;
  const nextColon = (from: number): number => nextFirstColon(text, from);
  let colon = nextColon(0);
  while (colon >= 0) {
    let s = colon;
    while (s > 0 && colon - s < 4 && isHex(text.charCodeAt(s - 1))) s--;
    const prev = s > 0 ? text.charCodeAt(s - 1) : 32;
    if (isWord(prev) || prev === 46 || prev === 58) {
      colon = nextColon(colon + 1);
      continue;
    }
    let e = s;
    let colons = 0;
    let double = false;
    let lastColon = -1;
    while (e < n && e - s <= 40) {
      const c = text.charCodeAt(e);
      if (c === 58) {
        colons++;
        lastColon = e;
        if (text.charCodeAt(e + 1) === 58) double = true;
      } else if (!isHex(c)) break;
      e++;
    }
    if (e - s > 40) {
      // A hex-and-colon run longer than any address is not one: skip all of it.
      while (e < n && isHexOrColon(text.charCodeAt(e))) e++;
      colon = nextColon(e);
      continue;
    }
    let v4 = false;
    if (text.charCodeAt(e) === 46 && lastColon >= 0) {
      IPV4_TAIL.lastIndex = lastColon + 1;
      const m = IPV4_TAIL.exec(text);
      if (m) {
        e = lastColon + 1 + m[0].length;
        v4 = true;
      }
    }
    if (text.charCodeAt(e) === 37) {
      ZONE.lastIndex = e;
      const z = ZONE.exec(text);
      if (z) e += z[0].length;
    }
    while (e > s && text.charCodeAt(e - 1) === 58 && text.charCodeAt(e - 2) !== 58) {
      e--;
      colons--;
    }
    if (
      !isWord(text.charCodeAt(e)) &&
      colons >= 2 &&
      (double || colons === 7 || (v4 && colons === 6))
    )
      yield [s, e];
    colon = nextColon(Math.max(e, colon + 1));
  }
}

/**
 * The first colon of a possible address from `from` on: at most 4 hex digits before it, after a
 * character that is not a word character, `.` or `:`, and another colon after at most 4 hex
 * digits. (JSON's `"key": value` colons fail at once.)
 */
export function nextFirstColon(text: string, from: number): number {
  for (let c = text.indexOf(':', from); c >= 0; c = text.indexOf(':', c + 1)) {
    // After it first: a JSON key's colon is followed by a space, and fails at once.
    let e = c + 1;
    while (e - c - 1 <= 4 && isHex(text.charCodeAt(e))) e++;
    if (e - c - 1 > 4 || text.charCodeAt(e) !== 58) continue;
    let s = c;
    while (s > 0 && c - s <= 4 && isHex(text.charCodeAt(s - 1))) s--;
    if (c - s > 4) continue;
    const prev = s > 0 ? text.charCodeAt(s - 1) : 32;
    if (!isWord(prev) && prev !== 46 && prev !== 58) return c;
  }
  return -1;
}

function isHexOrColon(c: number): boolean {
  return isHex(c) || c === 58;
}

/** Whether `value` is a well-formed IPv6 address (with an optional zone or IPv4 tail). */
export function ipv6Valid(value: string): boolean {
  let v = value;
  const zone = v.indexOf('%');
  if (zone >= 0) v = v.slice(0, zone);
  let groupsMax = 8;
  const lastColon = v.lastIndexOf(':');
  if (v.slice(lastColon + 1).includes('.')) {
    if (!IPV4_EXACT.test(v.slice(lastColon + 1))) return false;
    v = `${v.slice(0, lastColon + 1)}0`;
    groupsMax = 7;
  }
  const doubles = v.split('::').length - 1;
  if (doubles > 1) return false;
  if (!/\d/.test(v)) return false; // `dead::beef`, `std::map` are words
  const parts = v.split(':');
  if (doubles === 0) {
    if (parts.length !== groupsMax) return false;
    return parts.every((p) => p.length >= 1 && p.length <= 4);
  }
  const [head, tail] = v.split('::') as [string, string];
  const groups = [...(head ? head.split(':') : []), ...(tail ? tail.split(':') : [])];
  if (groups.length > groupsMax - 1) return false;
  if (groups.length < 1 && v !== '::') return false;
  return groups.every((p) => p.length >= 1 && p.length <= 4);
}

const IPV4_EXACT = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

export const ipAddressRecognizer = defineRecognizer({
  name: 'ip-address',
  type: 'ip_address',
  patterns: [
    { name: 'ipv4', score: 0.6, regex: IPV4 },
    { name: 'ipv6', score: 0.6, find: findIpv6 },
  ],
  validate(value, { pattern }) {
    if (pattern === 'ipv4') return NOT_ADDRESSES.has(value) ? false : undefined;
    // 12:30:45 and MAC addresses have no '::' and fewer or more than 8 groups.
    return ipv6Valid(value) ? undefined : false;
  },
  context: ['ip', 'address', 'addr', 'host', 'client', 'remote', 'server', 'src', 'dst', 'peer'],
  antiContext: [
    'version',
    'ver',
    'release',
    'build',
    'netmask',
    'mask',
    'subnet',
    'oid',
    'chrome',
    'firefox',
    'safari',
  ],
  prefilter: { minDigits: 1 },
  maxLength: 64,
  partial(value) {
    if (value.includes('.') && !value.includes(':')) {
      const parts = value.split('.');
      return `${parts[0]}.${parts[1]}.*.*`;
    }
    const head = value.split(':')[0];
    return `${head}:****`;
  },
  normalize: (v) => v.toLowerCase(),
});
