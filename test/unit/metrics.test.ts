import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/core/metrics.ts';

describe('Prometheus text', () => {
  it('renders counters, gauges and histograms with escaped labels', async () => {
    const m = createMetrics();
    m.eventsReceived.inc({ platform: 'slack', kind: 'command' });
    m.eventsReceived.inc({ platform: 'slack', kind: 'command' });
    m.handlingSeconds.observe(0.02, { kind: 'command' });
    m.handlingSeconds.observe(3, { kind: 'command' });
    const g = m.registry.gauge('sopbot_test_gauge', 'a test gauge');
    g.collect(() => g.set(7, { q: 'a"b' }));
    const text = await m.registry.render();
    expect(text).toContain('sopbot_events_received_total{kind="command",platform="slack"} 2');
    expect(text).toContain('sopbot_event_handling_seconds_bucket{kind="command",le="0.025"} 1');
    expect(text).toContain('sopbot_event_handling_seconds_bucket{kind="command",le="+Inf"} 2');
    expect(text).toContain('sopbot_event_handling_seconds_count{kind="command"} 2');
    expect(text).toContain('sopbot_test_gauge{q="a\\"b"} 7');
    expect(text).toContain('sopbot_errors_total 0');
  });
});
