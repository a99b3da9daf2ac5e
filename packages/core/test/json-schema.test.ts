import { describe, expect, it } from 'vitest';
import { createAirlock, z } from '../src/index.js';

describe('tool.jsonSchema', () => {
  it('is draft 2020-12 without $schema, closed at every level, with dates as date-time strings', () => {
    const airlock = createAirlock();
    const t = airlock.tool({
      name: 'book',
      description: 'd',
      input: z.object({
        when: z.date(),
        guests: z.array(z.object({ name: z.string(), age: z.number().int().optional() })),
        notes: z.string().optional(),
      }),
      run: () => 1,
    });
    expect(t.jsonSchema).toEqual({
      type: 'object',
      properties: {
        when: { type: 'string', format: 'date-time' },
        guests: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              age: {
                type: 'integer',
                minimum: Number.MIN_SAFE_INTEGER,
                maximum: Number.MAX_SAFE_INTEGER,
              },
            },
            required: ['name'],
            additionalProperties: false,
          },
        },
        notes: { type: 'string' },
      },
      required: ['when', 'guests'],
      additionalProperties: false,
    });
    expect(t.name).toBe('book');
    expect(t.description).toBe('d');
  });
});
