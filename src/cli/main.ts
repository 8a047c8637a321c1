import { runCli } from './program.js';

// The `concord` command's entry point (bin/concord.js runs its compiled bundle). A server keeps the process
// running after its command returns; a failed command ends it with its code.
const code = await runCli(process.argv.slice(2));
if (code !== 0) process.exit(code);
