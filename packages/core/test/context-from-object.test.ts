import { describe, expect, it } from 'vitest';
import { contextFromObject } from '../src/index.js';

describe('contextFromObject', () => {
  it('reads the usual field names and nested user/workspace objects', () => {
    expect(
      contextFromObject({
        agentId: 'a1',
        workspace: { id: 'w1' },
        user: { id: 7, roles: ['admin', 3, ''] },
        conversationId: 'c1',
      }),
    ).toEqual({
      agentId: 'a1',
      workspaceId: 'w1',
      userId: '7',
      roles: ['admin'],
      conversationId: 'c1',
    });
    expect(contextFromObject({ workspace: 'acme', user: 'u9' })).toEqual({
      workspaceId: 'acme',
      userId: 'u9',
    });
  });

  it('takes an explicit `airlock` context as is', () => {
    expect(contextFromObject({ airlock: { roles: ['billing'] }, agentId: 'ignored' })).toEqual({
      roles: ['billing'],
    });
  });

  it('ignores what is not a usable id instead of trusting it', () => {
    expect(
      contextFromObject({
        agentId: '',
        userId: 'x'.repeat(257),
        workspaceId: { id: 1 },
        roles: 'admin',
      }),
    ).toEqual({});
    for (const bad of [undefined, null, 'text', 42, ['a']])
      expect(contextFromObject(bad)).toEqual({});
  });
});
