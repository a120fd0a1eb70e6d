/**
 * A small Prometheus text-format registry: counters, gauges and histograms with labels. Enough
 * for sopbot's /metrics without a dependency.
 */
type Labels = Record<string, string>;

function labelKey(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return '';
  const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  return `{${keys.map((k) => `${k}="${esc(labels[k] ?? '')}"`).join(',')}}`;
}

interface Metric {
  render(): string[];
}

export class Counter implements Metric {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels = {}, by = 1): void {
    const key = labelKey(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }
  get(labels: Labels = {}): number {
    return this.values.get(labelKey(labels)) ?? 0;
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    if (this.values.size === 0) lines.push(`${this.name} 0`);
    for (const [k, v] of this.values) lines.push(`${this.name}${k} ${v}`);
    return lines;
  }
}

export class Gauge implements Metric {
  private readonly values = new Map<string, number>();
  private collector?: () => Promise<void> | void;
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  set(value: number, labels: Labels = {}): void {
    this.values.set(labelKey(labels), value);
  }
  /** Refreshes the value right before each scrape. */
  collect(fn: () => Promise<void> | void): void {
    this.collector = fn;
  }
  async refresh(): Promise<void> {
    await this.collector?.();
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`];
    if (this.values.size === 0) lines.push(`${this.name} 0`);
    for (const [k, v] of this.values) lines.push(`${this.name}${k} ${v}`);
    return lines;
  }
}

export class Histogram implements Metric {
  private readonly series = new Map<
    string,
    { labels: Labels; counts: number[]; sum: number; count: number }
  >();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  ) {}
  observe(value: number, labels: Labels = {}): void {
    const key = labelKey(labels);
    let s = this.series.get(key);
    if (!s) {
      s = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    this.buckets.forEach((b, i) => {
      if (value <= b && s) s.counts[i] = (s.counts[i] ?? 0) + 1;
    });
    s.sum += value;
    s.count += 1;
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const s of this.series.values()) {
      this.buckets.forEach((b, i) => {
        lines.push(`${this.name}_bucket${labelKey({ ...s.labels, le: String(b) })} ${s.counts[i] ?? 0}`);
      });
      lines.push(`${this.name}_bucket${labelKey({ ...s.labels, le: '+Inf' })} ${s.count}`);
      lines.push(`${this.name}_sum${labelKey(s.labels)} ${s.sum}`);
      lines.push(`${this.name}_count${labelKey(s.labels)} ${s.count}`);
    }
    return lines;
  }
}

export class Registry {
  private readonly metrics: Metric[] = [];
  counter(name: string, help: string): Counter {
    return this.add(new Counter(name, help));
  }
  gauge(name: string, help: string): Gauge {
    return this.add(new Gauge(name, help));
  }
  histogram(name: string, help: string, buckets?: number[]): Histogram {
    return this.add(new Histogram(name, help, buckets));
  }
  private add<M extends Metric>(m: M): M {
    this.metrics.push(m);
    return m;
  }
  async render(): Promise<string> {
    for (const m of this.metrics) if (m instanceof Gauge) await m.refresh();
    return `${this.metrics.flatMap((m) => m.render()).join('\n')}\n`;
  }
}

/** sopbot's standard metrics (PRODUCT.md: events received, commands run, errors, latency). */
export function createMetrics(registry = new Registry()) {
  return {
    registry,
    eventsReceived: registry.counter(
      'sopbot_events_received_total',
      'Inbound platform events, by platform and kind',
    ),
    eventsDuplicate: registry.counter(
      'sopbot_events_duplicate_total',
      'Inbound deliveries skipped as retries or duplicates',
    ),
    commandsRun: registry.counter('sopbot_commands_total', 'Commands run, by command and outcome'),
    errors: registry.counter('sopbot_errors_total', 'Unexpected errors while handling events, by kind'),
    handlingSeconds: registry.histogram(
      'sopbot_event_handling_seconds',
      'Time to handle one inbound event, by kind',
    ),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
