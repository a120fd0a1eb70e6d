import { describe, expect, it } from 'vitest';
import { CodedError, renderError } from '../../src/core/errors.ts';
import { translator } from '../../src/core/i18n/index.ts';
import { classify, DEFAULT_RULES } from '../../src/domain/tickets/classify.ts';
import { assertTransition, canTransition, STATUSES, type Status } from '../../src/domain/tickets/model.ts';
import { titleFromMessage, validateTitle } from '../../src/domain/tickets/text.ts';

describe('status machine', () => {
  it('follows new → acknowledged → in_progress ⇄ pending → resolved → closed', () => {
    expect(canTransition('new', 'acknowledged')).toBe(true);
    expect(canTransition('acknowledged', 'in_progress')).toBe(true);
    expect(canTransition('in_progress', 'pending')).toBe(true);
    expect(canTransition('pending', 'in_progress')).toBe(true);
    expect(canTransition('in_progress', 'resolved')).toBe(true);
    expect(canTransition('resolved', 'closed')).toBe(true);
  });

  it('refuses moves backwards or out of closed', () => {
    expect(canTransition('in_progress', 'new')).toBe(false);
    expect(canTransition('resolved', 'pending')).toBe(false);
    for (const to of STATUSES) expect(canTransition('closed', to)).toBe(false);
    expect(canTransition('new', 'closed')).toBe(false);
  });

  it('explains a refusal with both states', () => {
    try {
      assertTransition({ number: 4, status: 'resolved' }, 'pending');
      throw new Error('allowed');
    } catch (err) {
      expect(err).toBeInstanceOf(CodedError);
      expect((err as CodedError).params).toEqual({
        id: '#4',
        from: { key: 'status.resolved' },
        to: { key: 'status.pending' },
        hint: { key: 'tickets.hint.reopen_first', params: { n: '4' } },
      });
      expect(renderError(err, translator('zh-CN')).text).toBe(
        '工单 #4 不能从 已解决 变为 待反馈（等待提交人）。如需继续处理，请先重新打开：/工单 重新打开 4。',
      );
    }
    expect(() => assertTransition({ number: 4, status: 'pending' }, 'pending')).toThrow(CodedError);
  });

  it('says the way there: an open ticket is resolved before it is closed; a closed one has none', () => {
    const text = (status: Status, to: Status, locale: 'en' | 'zh-CN' = 'en') => {
      try {
        assertTransition({ number: 7, status }, to);
        return 'allowed';
      } catch (err) {
        return renderError(err, translator(locale)).text;
      }
    };
    expect(text('in_progress', 'closed')).toBe(
      'Ticket #7 cannot go from in progress to closed. Resolve it first (/ticket resolve 7 [note]); a resolved ticket can be closed.',
    );
    expect(text('new', 'closed', 'zh-CN')).toBe(
      '工单 #7 不能从 新建 变为 已关闭。请先解决（/工单 解决 7 [备注]），已解决的工单才能关闭。',
    );
    expect(text('closed', 'acknowledged')).toBe(
      'Ticket #7 cannot go from closed to acknowledged. To work on it again, reopen it first: /ticket reopen 7.',
    );
    expect(text('closed', 'resolved')).toBe('Ticket #7 cannot go from closed to resolved.');
  });
});

describe('classification (seed keyword rules)', () => {
  it('reads priority from seed 000 levels', () => {
    expect(classify('服务完全不可用，所有用户无法访问', DEFAULT_RULES).priority).toBe('P0');
    expect(classify('API outage in eu-west', DEFAULT_RULES).priority).toBe('P0');
    expect(classify('核心功能故障：无法支付', DEFAULT_RULES).priority).toBe('P1');
    expect(classify('The export button is misaligned', DEFAULT_RULES)).toEqual({
      priority: 'P2',
      category: 'other',
      matchedPriority: false,
    });
  });

  it('sorts categories: billing, feature (P3), technical, account', () => {
    expect(classify('申请退款，账单重复扣费', DEFAULT_RULES).category).toBe('billing');
    expect(classify('Refund failed', DEFAULT_RULES).category).toBe('billing');
    const feature = classify('功能建议：希望增加导出PDF', DEFAULT_RULES);
    expect(feature).toMatchObject({ category: 'feature', priority: 'P3' });
    expect(classify('Login page returns 500', DEFAULT_RULES).category).toBe('technical');
    expect(classify('忘记密码，子账号无法登录', DEFAULT_RULES).category).toBe('account');
    expect(classify('dropdown looks odd', DEFAULT_RULES).category).toBe('other');
  });
});

describe('titles', () => {
  it('validates command titles', () => {
    expect(validateTitle('  Login   broken \n now ')).toBe('Login broken now');
    expect(() => validateTitle('   ')).toThrow(CodedError);
    expect(() => validateTitle('x'.repeat(10_000))).toThrow(/title_too_long/);
  });

  it('takes the first line of a chat message as the title and keeps the rest', () => {
    expect(titleFromMessage('Checkout fails\nSteps: 1. add item')).toEqual({
      title: 'Checkout fails',
      description: 'Checkout fails\nSteps: 1. add item',
    });
    const long = titleFromMessage('y'.repeat(500));
    expect(long.title).toHaveLength(200);
    expect(long.title.endsWith('…')).toBe(true);
    expect(long.description).toHaveLength(500);
  });
});
