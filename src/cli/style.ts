import type { SummaryStyle } from '../render/summary.js';

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

/** Colour only on a terminal that wants it (NO_COLOR and pipes get plain text). */
export function terminalStyle(stream: NodeJS.WriteStream = process.stdout): SummaryStyle {
  const colour = stream.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
  if (!colour) return { bold: (t) => t, dim: (t) => t, warn: (t) => t };
  return { bold: wrap(1, 22), dim: wrap(2, 22), warn: wrap(33, 39) };
}
