// Writes README.md's command table from the command definitions (src/cli/program.ts); with --check, exits 1
// when README.md differs from what it would write (npm run check).
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command, Option } from 'commander';
import { cliProgram } from '../src/cli/program.js';
import { projectPath } from '../src/platform/project.js';

const START = '<!-- concord commands: written by scripts/cli-reference.ts from src/cli/program.ts -->';
const END = '<!-- end of concord commands -->';

/** `--org CODE`, `--format xlsx|csv`, `--dry-run`: an option as typed. */
function typed(option: Option) {
  const value = option.argChoices?.join('|') ?? /<(.+)>/.exec(option.flags)?.[1]?.toUpperCase();
  return value ? `${option.long} ${value}` : option.long!;
}

/** Every command that runs (not a group), with the words that lead to it. */
function leaves(command: Command, words: string[] = []): { words: string[]; command: Command }[] {
  const subs = command.commands.filter((c) => c.name() !== 'help');
  if (!subs.length) return [{ words, command }];
  return subs.flatMap((c) => leaves(c, [...words, c.name()]));
}

function usage(words: string[], command: Command) {
  const args = command.registeredArguments.map((a) => a.name().toUpperCase());
  const options = command.options
    .filter((o) => o.long !== '--help')
    .map((o) => (o.mandatory ? typed(o) : `[${typed(o)}]`));
  return ['concord', ...words, ...args, ...options].join(' ');
}

export function commandTable() {
  const rows = leaves(cliProgram()).map(({ words, command }) => [
    `\`${usage(words, command)}\``,
    command.description(),
  ]);
  const cells = [['command', 'what it does'], ...rows].map((r) => r.map((c) => c.replaceAll('|', '\\|')));
  const widths = [0, 1].map((i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => `  | ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(cells[0]!), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n');
}

const file = projectPath('README.md');
const readme = readFileSync(file, 'utf8');
const start = readme.indexOf(START);
const end = readme.indexOf(END);
if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} markers`);
const written = `${readme.slice(0, start + START.length)}\n\n${commandTable()}\n\n  ${readme.slice(end)}`;
if (process.argv.includes('--check')) {
  if (written !== readme) {
    process.stderr.write("README.md's command table is out of date: run npm run cli-reference.\n");
    process.exit(1);
  }
} else if (written !== readme) {
  writeFileSync(file, written);
  process.stdout.write('README.md: command table written.\n');
}
