import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatDuration, formatEvent, sanitizeText } from '../../src/report/format.js';
import type { OomtopEvent } from '../../src/report/types.js';

function killEvent(over: Partial<OomtopEvent> = {}): OomtopEvent {
  return {
    time: '2026-11-28T21:40:01.234Z',
    t: 123456,
    type: 'kill',
    scope: '/mybench',
    mode: 'armed',
    level: 'medium',
    probability: 0.931,
    reasons: [
      { signal: 'headroom', weight: 0.6, text: 'anon+mapped at 95% of limit' },
      { signal: 'refault', weight: 0.2, text: 'mapped file refaulting 30k pages/s' },
    ],
    victim: {
      pid: 1234,
      name: 'hog',
      cmdline: './hog --grow 50M',
      user: 'root',
      cgroup: '/mybench',
      podUid: null,
      startTime: 98765,
      rss: 412 * 1024 * 1024,
      swap: 0,
      oomScoreAdj: 0,
    },
    rankReason: 'largest rss',
    signal: 'SIGTERM->SIGKILL',
    bytesFreed: 398 * 1024 * 1024,
    outcome: 'exited',
    timings: { decideMs: 3, signalMs: 1, exitMs: 120 },
    message: 'killed hog',
    ...over,
  };
}

// Anything a hostile process can put in its name or cgroup, and that a terminal would act on.
const HOSTILE = [
  '\x1b[41m', // SGR background
  '\x1b]0;pwned\x07', // OSC window title, BEL
  '\x9b2J', // 8-bit CSI: clears an xterm screen
  '\x1b[2J\x1b[H',
  '\r', // cuts a table row
  '\n',
  '\x00',
  '\x7f',
  '\x85', // NEL
  '\u202e', // right-to-left override
];
const FORBIDDEN = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

test('the kill line has every part, in order', () => {
  assert.equal(
    formatEvent(killEvent()),
    '2026-11-28T21:40:01Z KILL  /mybench  p=0.93  pid 1234 hog (root) rss 412 MiB  ' +
      'SIGTERM->SIGKILL exited in 120 ms, freed 398 MiB  [anon+mapped at 95% of limit; mapped file refaulting 30k pages/s]',
  );
});

test('hostile names, users, cgroups, reasons and messages are made inert', () => {
  for (const bad of HOSTILE) {
    const e = killEvent({
      scope: `/evil${bad}scope`,
      victim: { ...killEvent().victim!, name: `h${bad}og`, user: `r${bad}oot`, cgroup: bad },
      reasons: [{ signal: 'x', weight: 1, text: `because${bad}` }],
      signal: `SIGKILL${bad}`,
      outcome: `exited${bad}`,
    });
    const line = formatEvent(e);
    assert.doesNotMatch(line, FORBIDDEN, JSON.stringify({ bad, line }));
    assert.equal(line.includes('\n'), false);
    assert.match(line, /pid 1234 h.*og/);
  }
  const msg = formatEvent({ ...killEvent(), type: 'error', victim: null, message: 'bad \x1b]52;c;ZXZpbA==\x07 clipboard' });
  assert.doesNotMatch(msg, FORBIDDEN);
  assert.match(msg, /ERROR/);
});

test('sanitizeText: controls removed, breaks become spaces, printable text and wide chars kept', () => {
  assert.equal(sanitizeText('a\x1b[31mb\x9b2Jc'), 'a[31mb2Jc');
  assert.equal(sanitizeText('line1\nline2\tx\ry'), 'line1 line2 x y');
  assert.equal(sanitizeText('进程{red-fg}é'), '进程{red-fg}é', 'braces are the UI\'s job');
  assert.equal(sanitizeText('abcdef', 4), 'abc…');
  assert.equal(sanitizeText('abcd', 4), 'abcd');
  assert.equal(sanitizeText('😀😀😀', 2), '😀…', 'cuts by code point, never inside a surrogate pair');
});

test('formatBytes in binary units', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(1023), '1023 B');
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatBytes(412 * 1024 * 1024), '412 MiB');
  assert.equal(formatBytes(2 * 1024 ** 3), '2 GiB');
  assert.equal(formatBytes(-3 * 1024 * 1024), '-3 MiB');
  assert.equal(formatBytes(Infinity), '∞');
  assert.equal(formatBytes(NaN), '?');
  assert.equal(formatDuration(120), '120 ms');
  assert.equal(formatDuration(1500), '1.5 s');
});

test('non-kill events: dry run, start, kernel OOM', () => {
  const would = formatEvent(killEvent({ type: 'would-kill', signal: 'SIGTERM', outcome: null, bytesFreed: null, timings: {} }));
  assert.match(would, /^2026-11-28T21:40:01Z WOULD-KILL {2}\/mybench {2}p=0\.93 {2}pid 1234 hog \(root\) rss 412 MiB {2}SIGTERM {2}\[/);
  const start = formatEvent({
    ...killEvent(),
    type: 'start',
    scope: null,
    probability: null,
    victim: null,
    reasons: [],
    signal: null,
    outcome: null,
    bytesFreed: null,
    message: 'mode armed, config /etc/oomtop/oomtop.yaml',
  });
  assert.equal(start, '2026-11-28T21:40:01Z START  mode armed, config /etc/oomtop/oomtop.yaml');
  const group = formatEvent(killEvent({ victim: { ...killEvent().victim!, swap: 1024 ** 3, members: [1, 2, 3] } }));
  assert.match(group, /rss 412 MiB swap 1 GiB group of 3/);
  const kernel = formatEvent(killEvent({ type: 'kernel-oom', probability: null, signal: null, outcome: 'killed', bytesFreed: null, timings: {}, reasons: [] }));
  assert.equal(kernel, '2026-11-28T21:40:01Z KERNEL-OOM  /mybench  pid 1234 hog (root) rss 412 MiB  killed');
});
