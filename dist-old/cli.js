#!/usr/bin/env node
// Command-line wiring only: every command delegates to the layers below.
import { Command, InvalidArgumentError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { MODES } from './policy/types.js';
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
function modeArg(v) {
    if (!MODES.includes(v))
        throw new InvalidArgumentError(`mode must be one of ${MODES.join(', ')}`);
    return v;
}
function hostOptions(cmd) {
    return cmd
        .option('-c, --config <file>', 'policy file (default /etc/oomtop/oomtop.yaml, else the shipped config/oomtop.yaml)')
        .option('--proc-root <dir>', 'where procfs is mounted', '/proc')
        .option('--sys-root <dir>', 'where sysfs is mounted', '/sys')
        .option('--pod-log-root <dir>', 'kubelet pod log directory, for pod names');
}
const program = new Command();
program
    .name('oomtop')
    .description('top-like monitor and user-space OOM killer: acts before near-OOM reclaim stalls')
    .version(pkg.version)
    .showHelpAfterError()
    // Options after a subcommand belong to it (run, list share names with the TUI's).
    .enablePositionalOptions();
hostOptions(program)
    .addOption(new Option('-m, --mode <mode>', 'override the policy mode: armed | dry-run | monitor').argParser(modeArg))
    .option('--metrics <addr>', 'serve Prometheus metrics on ADDR:PORT (PORT alone: loopback)')
    .option('--theme <name>', 'colour theme: default | light | mono (NO_COLOR forces mono)', 'default')
    .option('--terminal <name>', 'terminal type for blessed (default from TERM, with fallbacks)')
    .action(async (o) => {
    const { runInteractive } = await import('./app/interactive.js');
    await runInteractive(o);
});
hostOptions(program.command('run'))
    .description('headless enforcer (systemd, DaemonSet) until SIGTERM or SIGINT')
    .addOption(new Option('-m, --mode <mode>', 'override the policy mode').argParser(modeArg))
    .option('--metrics <addr>', 'serve Prometheus metrics on ADDR:PORT (PORT alone: loopback)')
    .action(async (o) => {
    const { runHeadless } = await import('./app/headless.js');
    await runHeadless(o);
});
hostOptions(program.command('list'))
    .description('print the ranked kill list of a scope, with the reason for each place')
    .option('-s, --scope <scope>', '"node" or a cgroup path as in /proc/PID/cgroup', 'node')
    .option('--all', 'include processes that are never candidates (protected, kernel threads, ...)')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
    const { listCommand } = await import('./app/list.js');
    process.exitCode = await listCommand(o);
});
program
    .command('check-config')
    .description('validate a policy file; errors name file, line and column')
    .argument('<file>')
    .action(async (file) => {
    const { checkConfigCommand } = await import('./app/check-config.js');
    process.exitCode = checkConfigCommand(file);
});
program
    .command('events')
    .description('print the event log: decisions, kills, would-kills')
    .option('-c, --config <file>', 'read the event log path from this policy')
    .option('-f, --file <file>', 'event log file (overrides the policy)')
    .option('--follow', 'keep printing new events')
    .option('--json', 'one JSON object per line')
    .option('-n, --lines <n>', 'only the last N events', (v) => Number.parseInt(v, 10))
    .action(async (o) => {
    const { eventsCommand } = await import('./app/events-cmd.js');
    process.exitCode = await eventsCommand(o);
});
hostOptions(program.command('record'))
    .description('record what the engine sees (node, cgroups, process rows) as a trace for replay')
    .requiredOption('-o, --out <file>', 'trace file to write (gzip JSON lines)')
    .option('-d, --duration <seconds>', 'stop after this long (default: until SIGINT)', (v) => Number.parseFloat(v))
    .action(async (o) => {
    const { recordCommand } = await import('./app/record.js');
    process.exitCode = await recordCommand(o);
});
program
    .command('replay')
    .description('run the predictor, policy and ranking on a trace; print each decision')
    .argument('<file>')
    .option('-c, --config <file>', 'policy to replay with')
    .option('-l, --level <level>', 'override every scope\'s level: low | medium | high')
    .option('--json', 'one JSON object per decision')
    .action(async (file, o) => {
    const { replayCommand } = await import('./app/replay-cmd.js');
    process.exitCode = replayCommand(file, o);
});
program.parseAsync(process.argv).catch((err) => {
    process.stderr.write(`oomtop: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
});
