import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseConfig } from '../../src/policy/load.js';

const DIR = new URL('../../config/kubernetes/', import.meta.url).pathname;
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function load(file: string): Obj[] {
  const docs = parseAllDocuments(readFileSync(join(DIR, file), 'utf8'));
  assert.ok(Array.isArray(docs), `${file}: not YAML`);
  return docs.map((d) => {
    assert.deepEqual(d.errors.map((e) => e.message), [], `${file}: YAML errors`);
    assert.deepEqual(d.warnings.map((e) => e.message), [], `${file}: YAML warnings`);
    return d.toJS() as Obj;
  });
}

const manifests = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));
const all = manifests.flatMap((f) => load(f).map((doc) => ({ file: f, doc })));
const byKind = (kind: string) => all.find((m) => m.doc.kind === kind)?.doc as Obj;

test('every manifest parses and names apiVersion, kind and metadata.name', () => {
  assert.deepEqual(manifests.sort(), ['configmap.yaml', 'daemonset.yaml', 'servicemonitor.yaml']);
  assert.deepEqual(all.map((m) => m.doc.kind).sort(), ['ConfigMap', 'DaemonSet', 'Service', 'ServiceMonitor']);
  for (const { file, doc } of all) {
    assert.equal(typeof doc.apiVersion, 'string', file);
    assert.match(doc.metadata?.name ?? '', /^[a-z0-9-]+$/, file);
    assert.equal(doc.metadata.namespace, 'kube-system', `${file}: one namespace for all`);
  }
});

test("the ConfigMap's oomtop.yaml validates with the policy loader and has a pod-level policy", () => {
  const text = byKind('ConfigMap').data['oomtop.yaml'];
  assert.equal(typeof text, 'string');
  const { config } = parseConfig(text, 'configmap.yaml#oomtop.yaml');
  const pod = config.cgroups.find((c) => c.match.pod !== undefined);
  assert.ok(pod, 'a cgroups entry matching by pod');
  assert.equal(pod.match.namespace, '^default$');
  assert.equal(pod.match.pod, '^test-alinux');
  assert.equal(config.podLogRoot, '/var/log/pods');
  assert.equal(config.events, '/var/log/oomtop/events.jsonl');
});

const ds = byKind('DaemonSet');
const spec = ds.spec.template.spec;
const container = spec.containers[0];

/** Flag -> value pairs of the container args, after the subcommand. */
function flags(args: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 1; i < args.length; i += 2) {
    assert.match(args[i]!, /^--[a-z-]+$/, `arg ${i} is a flag`);
    out.set(args[i]!, args[i + 1]!);
  }
  return out;
}

test('container args use only the CLI flags oomtop implements', () => {
  const args: string[] = container.args;
  assert.equal(args[0], 'run');
  const f = flags(args);
  for (const flag of f.keys()) assert.ok(['--config', '--metrics', '--proc-root', '--sys-root', '--pod-log-root'].includes(flag), `unknown flag ${flag}`);
  assert.equal(f.get('--config'), '/etc/oomtop/oomtop.yaml');
  assert.equal(f.get('--metrics'), '0.0.0.0:9749');
  // The CLI, when it exists, knows them all.
  let cli = '';
  try {
    cli = readFileSync(new URL('../../src/cli.ts', import.meta.url), 'utf8');
  } catch {
    // not written yet
  }
  for (const flag of f.keys()) if (cli) assert.ok(cli.includes(`${flag} <`), `src/cli.ts has no ${flag} taking a value`);
});

test('mounts match the roots the args name, read-only, from the right host paths', () => {
  const f = flags(container.args);
  const mounts = new Map<string, Obj>(container.volumeMounts.map((m: Obj) => [m.mountPath, m]));
  const volumes = new Map<string, Obj>(spec.volumes.map((v: Obj) => [v.name, v]));
  const hostPathAt = (mountPath: string) => volumes.get(mounts.get(mountPath)?.name)?.hostPath?.path;
  assert.equal(f.get('--proc-root'), '/host/proc');
  assert.equal(hostPathAt('/host/proc'), '/proc');
  assert.equal(f.get('--sys-root'), '/host/sys');
  assert.equal(hostPathAt(`${f.get('--sys-root')}/fs/cgroup`), '/sys/fs/cgroup');
  assert.equal(f.get('--pod-log-root'), '/var/log/pods');
  assert.equal(hostPathAt(f.get('--pod-log-root')!), '/var/log/pods');
  assert.equal(volumes.get(mounts.get('/etc/oomtop')?.name)?.configMap?.name, byKind('ConfigMap').metadata.name);
  for (const p of ['/host/proc', '/host/sys/fs/cgroup', '/var/log/pods', '/etc/oomtop']) assert.equal(mounts.get(p)?.readOnly, true, `${p} read-only`);
  // The event log from the ConfigMap lands on a mounted, writable path.
  const events = parseConfig(byKind('ConfigMap').data['oomtop.yaml'], 'cm').config.events;
  const eventsMount = [...mounts.keys()].find((m) => events.startsWith(m + '/'));
  assert.ok(eventsMount && !mounts.get(eventsMount)!.readOnly, `${events} is on a writable mount`);
});

test('pod spec: hostPID, node-critical, every node, capabilities instead of privileged', () => {
  assert.equal(spec.hostPID, true);
  assert.equal(spec.priorityClassName, 'system-node-critical');
  assert.deepEqual(spec.tolerations, [{ operator: 'Exists' }]);
  const sc = container.securityContext;
  assert.notEqual(sc.privileged, true);
  assert.equal(sc.allowPrivilegeEscalation, false);
  assert.equal(sc.readOnlyRootFilesystem, true);
  assert.deepEqual(sc.capabilities.drop, ['ALL']);
  assert.deepEqual([...sc.capabilities.add].sort(), ['DAC_READ_SEARCH', 'IPC_LOCK', 'KILL', 'SYS_PTRACE']);
  assert.ok(container.resources.requests.memory && container.resources.limits.memory);
  assert.equal(container.resources.limits.cpu, undefined, 'no CPU limit');
  assert.deepEqual(ds.spec.selector.matchLabels, ds.spec.template.metadata.labels);
});

test('metrics: port, liveness probe on /healthz, scrape annotations and ServiceMonitor agree', () => {
  const port = container.ports.find((p: Obj) => p.name === 'metrics');
  assert.equal(port.containerPort, 9749);
  assert.equal(String(port.containerPort), flags(container.args).get('--metrics')!.split(':')[1]);
  assert.deepEqual(container.livenessProbe.httpGet, { path: '/healthz', port: 'metrics' });
  const ann = ds.spec.template.metadata.annotations;
  assert.equal(ann['prometheus.io/scrape'], 'true');
  assert.equal(ann['prometheus.io/port'], '9749');
  assert.equal(ann['prometheus.io/path'], '/metrics');
  const svc = byKind('Service');
  assert.deepEqual(svc.spec.selector, ds.spec.selector.matchLabels);
  assert.equal(svc.spec.ports[0].targetPort, 'metrics');
  const sm = byKind('ServiceMonitor');
  assert.deepEqual(sm.spec.selector.matchLabels, svc.metadata.labels);
  assert.equal(sm.spec.endpoints[0].port, svc.spec.ports[0].name);
  assert.equal(sm.spec.endpoints[0].path, '/metrics');
});
