import { describe, expect, it } from 'vitest';
import { closest, guessParam } from '../../src/core/did-you-mean.ts';
import { type KeyRef, translate } from '../../src/core/i18n/index.ts';

const said = (param: ReturnType<typeof guessParam>, locale: 'en' | 'zh-CN' = 'en') =>
  typeof param === 'object' && !Array.isArray(param)
    ? translate(locale, (param as KeyRef).key, (param as KeyRef).params)
    : String(param);

describe('did you mean', () => {
  it('guesses a name one slip away, in either language', () => {
    expect(closest('suport', ['support', 'billing'])).toBe('support');
    expect(said(guessParam('suport', ['support', 'billing']))).toBe(' Did you mean "support"?');
    expect(said(guessParam('suport', ['support']), 'zh-CN')).toBe('你是不是想写“support”？');
  });

  it('guesses nothing for a different word, or a name differing only in its digits', () => {
    expect(guessParam('marketing', ['support', 'billing'])).toBe('');
    expect(guessParam('INC-9', ['INC-3'])).toBe('');
    expect(guessParam('daily-checks 2026-03-09', ['daily-checks 2026-03-02'])).toBe('');
    expect(said(guessParam('INC-3x', ['INC-3']))).toBe(' Did you mean "INC-3"?');
  });
});
