/** 130 = 128 + SIGINT, the shell's code for a run stopped by Ctrl-C (SIGTERM 143, SIGHUP 129: see signals.ts). */
export const EXIT = { pass: 0, failures: 1, usage: 2, interrupted: 130 } as const;
