/** The scenarios, in the order of issue 9's table. */
import type { Scenario } from '../lib/scenario.ts';
import { busy } from './busy.ts';
import { faults } from './faults.ts';
import { forged } from './forged.ts';
import { frozen } from './frozen.ts';
import { fuzz } from './fuzz.ts';
import { kill9 } from './kill9.ts';
import { replays } from './replays.ts';
import { sigterm } from './sigterm.ts';
import { stall } from './stall.ts';
import { twins } from './twins.ts';

export const SCENARIOS: Scenario[] = [
  forged,
  replays,
  kill9,
  stall,
  frozen,
  twins,
  busy,
  faults,
  fuzz,
  sigterm,
];
