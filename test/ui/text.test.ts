import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cell, displayWidth, escapeTags, fit, sanitize, truncate } from '../../src/ui/text.js';

test('sanitize strips C0, DEL and C1 controls, bidi and zero-width characters', () => {
  assert.equal(sanitize('a\x1b[2Jb'), 'a[2Jb');
  assert.equal(sanitize('x\u009b2Jy'), 'x2Jy');
  assert.equal(sanitize('\x1b]0;title\x07name'), ']0;titlename');
  assert.equal(sanitize('line1\nline2\rend'), 'line1line2end');
  assert.equal(sanitize('a\tb'), 'a b');
  assert.equal(sanitize('evil\u202egnp.exe'), 'evilgnp.exe');
  assert.equal(sanitize('e\u0301\u200d!'), 'e!');
  assert.equal(sanitize('bad\ud800'), 'bad\ufffd');
});

test('displayWidth counts wide CJK and emoji as two cells', () => {
  assert.equal(displayWidth('java'), 4);
  assert.equal(displayWidth('中文'), 4);
  assert.equal(displayWidth('a😀b'), 4);
  assert.equal(displayWidth('ｆｕｌｌ'), 8);
});

test('truncate and fit produce exactly the requested width', () => {
  assert.equal(truncate('abcdef', 4), 'abc~');
  assert.equal(truncate('abc', 4), 'abc');
  // A wide character that would straddle the edge is replaced by padding.
  assert.equal(truncate('ab中文', 4), 'ab ~');
  assert.equal(displayWidth(truncate('中文中文', 5)), 5);
  assert.equal(fit('ab', 5), 'ab   ');
  assert.equal(fit('ab', 5, 'right'), '   ab');
  assert.equal(fit('中', 3), '中 ');
  assert.equal(truncate('abc', 0), '');
});

test('escapeTags makes braces literal for blessed tags', () => {
  assert.equal(escapeTags('{red-fg}x{/}'), '{open}red-fg{close}x{open}/{close}');
});

test('cell sanitizes, fits and escapes untrusted text', () => {
  const c = cell('{bold}\x1b[31mX\n', 14);
  assert.equal(c, '{open}bold{close}[31mX   ');
  assert.ok(!/[\x00-\x1f\x7f-\x9f]/.test(c));
});
