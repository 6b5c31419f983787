// Protect/prefer rules compiled once per config, matched against every
// process on each ranking. Every field given must match (AND); a field is a
// regex search (unanchored) unless the user anchors it with ^ and $.
import type { ProcessReading } from '../host/types.js';
import { compileRegex, regexFinds, type CompiledRegex } from './regex.js';
import type { Config, Mode, RuleSpec, ScopeSpec } from './types.js';

export type RuleList = 'protect' | 'prefer';
export type MatcherField = 'name' | 'cmdline' | 'user' | 'cgroup' | 'pod' | 'namespace';
const MATCHER_FIELDS: readonly MatcherField[] = ['name', 'cmdline', 'user', 'cgroup', 'pod', 'namespace'];

export interface PodInfo {
  name: string;
  namespace: string;
}

export interface MatchContext {
  /** Pod name and namespace of a process, null when it is not in a known pod. */
  podOf(proc: ProcessReading): PodInfo | null;
}

export interface CompiledRule {
  list: RuleList;
  index: number;
  /** "node.protect[0] name=^sshd$": how reasons and the UI name the rule. */
  label: string;
  spec: RuleSpec;
  matchers: { field: MatcherField; re: CompiledRegex }[];
  pid: number | null;
  /** With pid: the start time (ticks since boot) the process must also have. */
  startTime: number | null;
  priority: number;
  /** The rule's own TERM->KILL grace, null to use the scope's. */
  grace: number | null;
}

export interface CompiledScope {
  /** "node" or "cgroups[2]". */
  label: string;
  /** -1 for node, n for config.cgroups[n]. */
  ref: number;
  spec: ScopeSpec;
  protect: CompiledRule[];
  prefer: CompiledRule[];
}

/** Compiles one rule. The loader has already validated its regexes; a bad one here is a programming error. */
export function compileRule(spec: RuleSpec, list: RuleList, index: number, scopeLabel = 'node'): CompiledRule {
  const matchers: CompiledRule['matchers'] = [];
  const words: string[] = [];
  if (spec.pid !== undefined) words.push(spec.startTime !== undefined ? `pid=${spec.pid} startTime=${spec.startTime}` : `pid=${spec.pid}`);
  for (const field of MATCHER_FIELDS) {
    const pattern = spec[field];
    if (pattern === undefined) continue;
    const result = compileRegex(pattern);
    if ('problem' in result) throw new Error(`${scopeLabel}.${list}[${index}].${field}: ${result.problem.message}`);
    matchers.push({ field, re: result.re });
    words.push(`${field}=${pattern}`);
  }
  return {
    list,
    index,
    label: `${scopeLabel}.${list}[${index}] ${words.join(' ')}`,
    spec,
    matchers,
    pid: spec.pid ?? null,
    startTime: spec.pid !== undefined ? spec.startTime ?? null : null,
    priority: list === 'prefer' ? spec.priority ?? 0 : 0,
    grace: list === 'prefer' ? spec.grace ?? null : null,
  };
}

export function compileScope(spec: ScopeSpec, label = 'node', ref = -1): CompiledScope {
  return {
    label,
    ref,
    spec,
    protect: spec.protect.map((r, i) => compileRule(r, 'protect', i, label)),
    prefer: spec.prefer.map((r, i) => compileRule(r, 'prefer', i, label)),
  };
}

export function compileConfig(config: Config): { node: CompiledScope; cgroups: CompiledScope[] } {
  return {
    node: compileScope(config.node, 'node', -1),
    cgroups: config.cgroups.map((c, i) => compileScope(c, `cgroups[${i}]`, i)),
  };
}

/** The mode a scope runs in: its own override, else the top-level mode. */
export function effectiveMode(config: Config, ref: number): Mode {
  const spec = ref === -1 ? config.node : config.cgroups[ref];
  return spec?.mode ?? config.mode;
}

function fieldValue(field: MatcherField, proc: ProcessReading, ctx: MatchContext): string | null {
  switch (field) {
    case 'name':
      return proc.comm;
    case 'cmdline':
      return proc.cmdline;
    case 'user':
      // A uid with no passwd entry (common in containers) is matched by number.
      return proc.user !== '' ? proc.user : String(proc.uid);
    case 'cgroup':
      return proc.cgroup;
    case 'pod':
      // The pod UID stands in until kubelet's log dir gives the name.
      return ctx.podOf(proc)?.name || proc.podUid;
    case 'namespace':
      return ctx.podOf(proc)?.namespace || null;
  }
}

/** True when every field the rule gives matches the process. */
export function matchRule(rule: CompiledRule, proc: ProcessReading, ctx: MatchContext): boolean {
  if (rule.pid !== null && rule.pid !== proc.pid) return false;
  // Without a start time a pid rule names whatever process holds that PID (the old meaning).
  if (rule.startTime !== null && rule.startTime !== proc.startTime) return false;
  for (const { field, re } of rule.matchers) {
    const value = fieldValue(field, proc, ctx);
    // Not in a pod: pod/namespace rules cannot match.
    if (value === null || !regexFinds(re, value)) return false;
  }
  return true;
}

export function firstMatchingRule(rules: readonly CompiledRule[], proc: ProcessReading, ctx: MatchContext): CompiledRule | null {
  for (const r of rules) if (matchRule(r, proc, ctx)) return r;
  return null;
}
