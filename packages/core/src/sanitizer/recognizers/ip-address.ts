import { defineRecognizer } from '../recognizer.js';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`(?<![\\w.])${OCTET}(?:\\.${OCTET}){3}(?!\\w|\\.\\d)`);

/** Netmasks and the unspecified address are not anyone's address. */
const NOT_ADDRESSES = new Set(['0.0.0.0', '255.255.255.255', '255.255.255.0', '255.255.0.0', '255.0.0.0']);

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

const IPV6_BODY = /[0-9A-Fa-f:]{2,39}(?:(?<=:)\d{1,3}(?:\.\d{1,3}){3})?(?:%[\w.-]{1,16})?/y;

/**
 * IPv6 candidates start where a `:` has hex digits around it: a regex starting with a hex digit
 * would try every word. The structure is checked in code.
 */
function* findIpv6(text: string): Generator<[number, number]> {
  let colon = text.indexOf(':');
  let after = 0;
  while (colon >= 0) {
    if (colon >= after) {
      let s = colon;
      while (s > 0 && colon - s < 4 && isHex(text.charCodeAt(s - 1))) s--;
      const prev = s > 0 ? text.charCodeAt(s - 1) : 32;
      const wordBefore = (prev >= 48 && prev <= 57) || (prev >= 65 && prev <= 90) || (prev >= 97 && prev <= 122) || prev === 95 || prev === 46;
      if (!wordBefore && prev !== 58) {
        IPV6_BODY.lastIndex = s;
        const m = IPV6_BODY.exec(text);
        if (m) {
          let end = s + m[0].length;
          while (end > s && text[end - 1] === ':' && text[end - 2] !== ':') end--;
          const next = text.charCodeAt(end);
          const wordAfter = (next >= 48 && next <= 57) || (next >= 65 && next <= 90) || (next >= 97 && next <= 122) || next === 95;
          if (!wordAfter) yield [s, end];
          after = end;
        }
      }
    }
    colon = text.indexOf(':', colon + 1);
  }
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
  antiContext: ['version', 'ver', 'release', 'build', 'netmask', 'mask', 'subnet', 'oid', 'chrome', 'firefox', 'safari'],
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
