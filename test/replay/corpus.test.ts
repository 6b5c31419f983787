// The labelled corpus (test/fixtures/traces, recorded on this machine) replayed
// at level medium with the corpus policy: a would-kill on any benign trace, a
// near-OOM trace with no would-kill before its kernel OOM (or at all), or a
// near-OOM trace with room (the room rule, test/corpus/evaluate.ts) whose lead
// is short of the medium target, fails.
// No root needed: replay reads the traces only and never signals anything.
import test from 'node:test';
import assert from 'node:assert/strict';
import { evaluateLevel, LEAD_TARGET_MS, listTraces, roomNeededMs } from '../corpus/evaluate.js';

const paths = listTraces();

test('corpus at level medium: no benign trace gets a kill, no near-OOM trace is missed, every trace with room meets the lead target', { skip: paths.length === 0 ? 'no traces in test/fixtures/traces' : false }, () => {
  const ev = evaluateLevel(paths, 'medium');
  for (const e of ev.traces) {
    const lead = e.leadMs === null ? '-' : `${(e.leadMs / 1000).toFixed(1)} s before ${e.leadRef === 'stall' ? 'stall onset' : 'kernel OOM'}`;
    const room = e.killJustified ? (e.room ? ', room' : ', no room') : '';
    console.log(`# ${e.trace}: ${e.killJustified ? 'near-OOM' : 'benign'}, first would-kill ${e.firstKill === null ? 'none' : `at ${Math.round(e.firstKill)}`}, lead ${lead}${room}`);
  }
  console.log(`# medium: false kills ${ev.falseKills}, missed ${ev.missed}, lead with room min ${ev.minRoomLeadMs} ms, median ${ev.medianRoomLeadMs} ms, Brier ${ev.brier.toFixed(3)}`);
  assert.ok(ev.traces.some((e) => e.killJustified) && ev.traces.some((e) => !e.killJustified), 'the corpus has both near-OOM and benign traces');
  assert.deepEqual(ev.traces.filter((e) => e.falseKill).map((e) => `${e.trace} (${e.firstKillWhy})`), [], 'no kill on a benign trace');
  assert.deepEqual(ev.traces.filter((e) => e.missed).map((e) => e.trace), [], 'no near-OOM trace missed');
  assert.deepEqual(
    ev.short,
    [],
    `every near-OOM trace whose stall came >= ${roomNeededMs('medium') / 1000} s after the hog started is acted on >= ${LEAD_TARGET_MS.medium / 1000} s before it`,
  );
});
