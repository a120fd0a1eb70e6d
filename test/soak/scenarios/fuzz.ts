/**
 * Row 9: 10,000 fuzzed inputs (1,000 in the short run) piped through the real console platform
 * (`src/main.ts --console`, Postgres): random unicode with NUL, C0 and C1 controls, ANSI CSI, OSC,
 * DCS and APC sequences, line and paragraph separators, lone surrogates and very long lines, as
 * chat messages, slash commands, clicks and console meta commands → the process exits 0 at end of
 * input, no answer is the internal-error message, and nothing it writes carries a raw escape
 * sequence or control character (only newline and tab). The inputs are seeded: a failure is
 * reproducible with the seed printed in its notes.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { pathToFileURL } from 'node:url';
import { dropDatabase, freshDatabase } from '../lib/db.ts';
import { ROOT, track } from '../lib/procs.ts';
import { type Context, type Result, type Scenario, Verdict } from '../lib/scenario.ts';
import { seeded } from './faults.ts';

const SEED = 20_260_302;

const CONTROLS = [
  ...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).filter((c) => c !== '\n'),
  '\x7f',
  ...Array.from({ length: 32 }, (_, i) => String.fromCharCode(0x80 + i)),
];
const SEQUENCES = [
  '\x1b[31m',
  '\x1b[0m',
  '\x1b[2J\x1b[H',
  '\x1b[?1049h',
  '\x1b[6n',
  '\x1b[1;1r',
  '\x1b]0;pwned\x07',
  '\x1b]52;c;Y2xpcGJvYXJk\x07',
  '\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\',
  '\x1bP1$r0m\x1b\\',
  '\x1b_apc\x1b\\',
  '\x1b^pm\x1b\\',
  '\x9b31m',
  '\x9d0;title\x9c',
  '\x1bc',
  '\x1b7\x1b8',
];
const TEXTS = [
  'VPN drops',
  '登录页面报错',
  '支付失败 P0',
  '🎫🔥👩‍💻',
  'e\u0301\u0302\u0303',
  '\u202eevil\u202c',
  '\u200b\u200d\ufeff',
  '\u2028\u2029',
  '\ud800',
  '\udfff',
  '<@U123> <!channel> @here',
  '*bold* _it_ `code` ```block```',
  '<https://x.example|click>',
  '%s %d {0} $' + '{x}',
  "'; drop table tickets; --",
];
const PREFIXES = [
  '',
  '',
  '',
  '/ticket new ',
  '/ticket new P1 ',
  '/ticket ',
  '/工单 新建 ',
  '/ticket comment 1 ',
  '/ticket resolve 1 ',
  '/ticket list ',
  '/sla ',
  '/oncall ',
  '/',
  '1 ',
  '2 ',
  ':react ',
  ':thread ',
  ':lang ',
  ':as ',
  ':c ',
  ':help ',
  ':',
];

/** One fuzzed input line (no newline: that would make it two inputs). */
export function fuzzLine(random: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
  const r = random();
  if (r < 0.04) return ':c support'; // back to the intake channel now and then
  if (r < 0.05) {
    // A very long line.
    const unit = pick([...TEXTS, ...SEQUENCES, 'x']);
    return `${pick(PREFIXES)}${unit.repeat(Math.ceil((10_000 + random() * 90_000) / unit.length))}`;
  }
  let out = pick(PREFIXES);
  const parts = 1 + Math.floor(random() * 8);
  for (let i = 0; i < parts; i++) {
    const k = random();
    if (k < 0.25) out += pick(CONTROLS);
    else if (k < 0.5) out += pick(SEQUENCES);
    else if (k < 0.75) out += pick(TEXTS);
    else out += String.fromCodePoint(Math.floor(random() * 0x110000));
  }
  const line = out.replace(/\n/g, ' ');
  return /^\s*:(quit|q)\s*$/.test(line) ? `${line} x` : line;
}

/** Characters a terminal would act on: every C0 control but newline and tab, DEL, and C1. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const RAW = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
/** What starts an escape sequence: ESC, and the C1 CSI, OSC, DCS, PM and APC. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const INTRODUCERS = /[\x1b\x9b\x9d\x90\x9e\x9f]/g;
const WENT_WRONG = /Something went wrong|系统内部出错/g;

/** Counts what a terminal would act on, and internal-error answers, in the console's output. */
function outputScanner(file: string) {
  const out = createWriteStream(file);
  const decoder = new StringDecoder('utf8');
  const counts = { raw: 0, escapes: 0, wentWrong: 0, bytes: 0 };
  let pending = '';
  const scan = (text: string) => {
    pending += text;
    const cut = pending.lastIndexOf('\n');
    if (cut < 0 && pending.length < 1_000_000) return;
    const done = cut < 0 ? pending : pending.slice(0, cut + 1);
    pending = cut < 0 ? '' : pending.slice(cut + 1);
    counts.raw += done.match(RAW)?.length ?? 0;
    counts.escapes += done.match(INTRODUCERS)?.length ?? 0;
    counts.wentWrong += done.match(WENT_WRONG)?.length ?? 0;
  };
  return {
    counts,
    feed(d: Buffer) {
      counts.bytes += d.length;
      out.write(d);
      scan(decoder.write(d));
    },
    end() {
      scan(`${decoder.end()}\n`);
      out.end();
    },
  };
}

/** Pipes the lines through `src/main.ts --console` (in a directory of its own: it writes sopbot.log there). */
async function runConsole(ctx: Context, cwd: string, dbUrl: string, config: string, lines: string[]) {
  const tsx = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
  const child = spawn(process.execPath, ['--import', tsx, join(ROOT, 'src/main.ts'), '--console'], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TZ: 'UTC',
      USER: 'fuzzer',
      DATABASE_URL: dbUrl,
      SOPBOT_CONFIG: config,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  track(child);
  const scanner = outputScanner(join(ctx.dir, 'output.txt'));
  child.stdout.on('data', (d: Buffer) => scanner.feed(d));
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  child.stdin.on('error', () => {}); // a crashed console closes its stdin: the exit code says so
  child.stdin.end(`${lines.join('\n')}\n`);
  const { code, signal } = await exited;
  scanner.end();
  return { crashed: code !== 0 || signal !== null, exit: `${code ?? signal}`, stderr, ...scanner.counts };
}

/** The inputs whose handling failed (sopbot.log), by query and Postgres's reason. */
function handlingFailures(logFile: string): Map<string, number> {
  const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
  const causes = new Map<string, number>();
  for (const line of log.split('\n').filter((l) => l.includes('"event handling failed"'))) {
    const err = (JSON.parse(line) as { err?: { message?: string; stack?: string } }).err;
    const query = /^Failed query: (\w+ \w+ "?\w+"?)/.exec(err?.message ?? '')?.[1] ?? '';
    const cause = `${query}: ${/caused by: \w+: ([^\n]+)/.exec(err?.stack ?? '')?.[1] ?? err?.message}`;
    causes.set(cause, (causes.get(cause) ?? 0) + 1);
  }
  return causes;
}

async function run(ctx: Context): Promise<Result> {
  const inputs = ctx.short ? 1_000 : 10_000;
  const verdict = new Verdict();
  const cwd = join(ctx.dir, 'cwd');
  mkdirSync(cwd, { recursive: true });
  const config = join(ctx.dir, 'console.yaml');
  writeFileSync(config, 'locale: en\nintake:\n  - channel: support\n');
  const dbUrl = await freshDatabase('console');
  const random = seeded(SEED);
  const lines = Array.from({ length: inputs }, () => fuzzLine(random));
  writeFileSync(join(ctx.dir, 'inputs.txt'), `${lines.join('\n')}\n`);
  const started = Date.now();
  const out = await runConsole(ctx, cwd, dbUrl, config, lines);
  const seconds = (Date.now() - started) / 1000;
  const causes = handlingFailures(join(cwd, 'sopbot.log'));
  const handlingErrors = [...causes.values()].reduce((a, b) => a + b, 0);
  verdict.expect(!out.crashed, 'the console did not exit 0', `${out.exit}: ${out.stderr.slice(-300)}`);
  verdict.zero('answers "something went wrong"', out.wentWrong);
  verdict.zero('raw escape sequence introducers written', out.escapes);
  verdict.zero('raw control characters written', out.raw);
  verdict.zero('inputs whose handling failed (logged)', handlingErrors);
  if (!verdict.failures.length) await dropDatabase(dbUrl);
  else ctx.log(`kept database soak_console; inputs and output in ${ctx.dir}`);
  return {
    figures: {
      inputs,
      'with NUL': lines.filter((l) => l.includes('\0')).length,
      'with ESC': lines.filter((l) => l.includes('\x1b')).length,
      'long lines': lines.filter((l) => l.length >= 10_000).length,
      crashes: out.crashed ? 1 : 0,
      'went wrong': out.wentWrong,
      'escapes echoed': out.escapes,
      'controls echoed': out.raw,
      'handling errors': handlingErrors,
      'output MB': (out.bytes / 1e6).toFixed(1),
      'inputs/s': (inputs / seconds).toFixed(0),
    },
    failures: verdict.failures,
    notes: [
      ...[...causes].map(([cause, n]) => `handling failed ${n}×: ${cause}`),
      `seed ${SEED}; inputs in ${join(ctx.dir, 'inputs.txt')}`,
    ],
  };
}

export const fuzz: Scenario = {
  id: 'fuzz',
  title: '10,000 fuzzed console inputs → 0 crashes, 0 "something went wrong", no raw escape echoed',
  run,
};
