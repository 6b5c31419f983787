import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_MONO, ROLES, loadTheme, validateTheme } from '../../src/ui/theme.js';

const THEMES = fileURLToPath(new URL('../../themes', import.meta.url));

test('the shipped themes load without messages', () => {
  for (const name of ['default', 'light', 'mono']) {
    const { theme, message } = loadTheme(name, THEMES, {});
    assert.equal(message, null, name);
    assert.equal(theme.name, name);
    for (const role of ROLES) assert.ok(theme.styles[role], `${name}.${role}`);
  }
});

test('mono has no colors and NO_COLOR forces it', () => {
  const { theme } = loadTheme('default', THEMES, { NO_COLOR: '1' });
  assert.equal(theme.name, 'mono');
  for (const role of ROLES) {
    assert.equal(theme.styles[role].fg, undefined);
    assert.equal(theme.styles[role].bg, undefined);
  }
});

test('paint wraps text in open and matching close tags', () => {
  const { theme } = loadTheme('default', THEMES, {});
  assert.equal(theme.paint('armed', 'X'), '{white-fg}{red-bg}{bold}X{/bold}{/red-bg}{/white-fg}');
});

test('an unknown or invalid theme falls back to default with a message', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oomtop-theme-'));
  try {
    writeFileSync(join(dir, 'default.yaml'), readFileSync(join(THEMES, 'default.yaml')));
    writeFileSync(join(dir, 'bad.yaml'), 'roles:\n  title: { fg: chartreuse }\n');
    const bad = loadTheme('bad', dir, {});
    assert.equal(bad.theme.name, 'default');
    assert.match(bad.message ?? '', /chartreuse" is not a color/);
    assert.match(bad.message ?? '', /using default/);
    const missing = loadTheme('nope', dir, {});
    assert.equal(missing.theme.name, 'default');
    assert.match(missing.message ?? '', /cannot read/);
    const traversal = loadTheme('../etc/passwd', dir, {});
    assert.match(traversal.message ?? '', /not a theme name/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without a readable default, the built-in mono is used', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oomtop-theme-'));
  try {
    const r = loadTheme('light', dir, {});
    assert.equal(r.theme.name, 'mono');
    assert.deepEqual(r.theme.styles, BUILTIN_MONO);
    assert.match(r.message ?? '', /built-in mono/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('validation reports unknown roles, keys and missing roles', () => {
  const r = validateTheme({ roles: { title: { fg: 'red', blink: true }, nonsense: {} } });
  assert.ok('errors' in r);
  const text = 'errors' in r ? r.errors.join('\n') : '';
  assert.match(text, /unknown role "nonsense"/);
  assert.match(text, /unknown key "blink"/);
  assert.match(text, /role "header" is missing/);
});
