import { describe, expect, it } from 'vitest';
import { eventText } from '../../commands/ticket.views.ts';
import { translator } from '../../src/core/i18n/index.ts';

describe('ticket history lines', () => {
  it('translate known event kinds and fall back to the kind itself', () => {
    const t = translator('zh-CN');
    expect(eventText('priority_changed', t, { from: 'P2', to: 'P1', text: '' })).toBe('优先级 P2 → P1');
    expect(eventText('some_future_kind', t, { from: '', to: '', text: '' })).toBe('some_future_kind');
  });
});
