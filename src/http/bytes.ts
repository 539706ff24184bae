/** Byte sizes: caps in messages, cuts that keep evidence small. */

export const MiB = 1024 * 1024;

/** 8388608 → '8 MiB', 16384 → '16 KiB', else '<n> bytes'. */
export function formatBytes(bytes: number): string {
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** A copy of the first maxBytes of some chunks (so the rest can be collected). */
export function startOf(chunks: readonly Buffer[], maxBytes: number): Buffer {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  return Buffer.concat(chunks, Math.min(total, maxBytes));
}

/** Cut a string to at most maxBytes of UTF-8 without splitting a character. */
export function cutUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const buf = Buffer.from(text, 'utf8').subarray(0, maxBytes);
  return buf.toString('utf8').replace(/\uFFFD$/, '');
}
