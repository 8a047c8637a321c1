import pino from 'pino';
import { loggerOptions } from '../../src/platform/log/logger.js';

/** Concord's logger at debug level, its lines kept in memory to look for what must never be logged. */
export function capturedLog() {
  const lines: string[] = [];
  const log = pino(loggerOptions('debug'), { write: (line: string) => void lines.push(line) });
  return { log, text: () => lines.join('') };
}
