import { describe, expect, it } from 'vitest';
import { translator } from '../../src/core/i18n/index.ts';
import { ticketCard } from '../../src/domain/tickets/card.ts';
import type { Ticket } from '../../src/domain/tickets/model.ts';
import { renderMessage } from '../../src/platforms/console/render.ts';

const ticket: Ticket = {
  id: 1,
  workspaceId: 1,
  number: 42,
  title: '<!channel> checkout *fails*',
  description: null,
  priority: 'P0',
  category: 'technical',
  status: 'new',
  tier: 'L1',
  team: 'support',
  reporterId: 'U_REP',
  assigneeId: null,
  source: 'intake',
  channelId: 'C1',
  threadId: '171.1',
  sourceMessageId: '171.1',
  sourceUrl: null,
  originEvent: null,
  resolutionNote: null,
  createdAt: new Date('2026-11-20T01:00:00Z'),
  updatedAt: new Date('2026-11-20T01:00:00Z'),
  firstResponseAt: null,
  acknowledgedAt: null,
  resolvedAt: null,
  closedAt: null,
};

describe('ticket card as console text', () => {
  it('shows fields in the workspace language and buttons as numbered choices', () => {
    const out = renderMessage(ticketCard(ticket, translator('zh-CN'), { timeZone: 'Asia/Shanghai' }));
    expect(out.text).toContain('#42 · <!channel> checkout *fails*');
    expect(out.text).toContain('优先级: P0 · 服务完全不可用');
    expect(out.text).toContain('提交人: @U_REP');
    expect(out.text).toContain('创建于 2026-11-20 09:00');
    expect(out.choices.map((c) => c.actionId)).toEqual([
      'ticket.ack',
      'ticket.take',
      'ticket.resolve',
      'ticket.escalate',
      'ticket.priority',
      'ticket.priority',
      'ticket.priority',
    ]);
    expect(out.text).toContain('[1] 确认  [2] 接手  [3] 解决  [4] 升级');
  });

  it('offers only reopen on a resolved ticket', () => {
    const out = renderMessage(
      ticketCard({ ...ticket, status: 'resolved', resolutionNote: 'fixed' }, translator('en'), {
        timeZone: 'UTC',
      }),
    );
    expect(out.choices.map((c) => c.label)).toEqual(['Reopen']);
    expect(out.text).toContain('Resolution: fixed');
  });
});
