// `oomtop check-config FILE`
import { loadConfig } from '../policy/load.js';
export function checkConfigCommand(file) {
    try {
        const { config } = loadConfig(file);
        process.stdout.write(`${file}: ok (mode ${config.mode}, node level ${config.node.level}, ${config.cgroups.length} cgroup scope(s), ` +
            `${config.node.protect.length} protect / ${config.node.prefer.length} prefer rule(s) on the node)\n`);
        return 0;
    }
    catch (err) {
        process.stderr.write(`${err.message}\n`);
        return 1;
    }
}
