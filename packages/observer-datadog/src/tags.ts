import type { AirlockEvent } from '@airlock/core';

const MAX_TAGS = 32;

/** An event's data as span-event attributes: primitives, string lists, one level of counts. */
export function eventTags(
  event: AirlockEvent,
): Record<string, string | number | boolean | string[]> {
  const tags: Record<string, string | number | boolean | string[]> = {};
  let n = 0;
  const put = (k: string, v: string | number | boolean | string[]): void => {
    if (n++ < MAX_TAGS) tags[k] = v;
  };
  for (const [key, value] of Object.entries(event.data)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      put(key, value);
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
      put(key, value as string[]);
    else if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) {
        if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
          put(`${key}.${k}`, v);
      }
    }
  }
  return tags;
}
