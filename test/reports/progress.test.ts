import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/reports/progress.ts';

function stream(isTTY: boolean, columns = 200) {
  const chunks: string[] = [];
  return { chunks, text: () => chunks.join(''), isTTY, columns, write: (s: string) => chunks.push(s) };
}

const apis = ['vectara-v1', 'emporix-ai-service'];
const totals = { 'vectara-v1': 3, 'emporix-ai-service': 2 };

describe('createProgress', () => {
  it('on a TTY redraws one line in place with checks done of total and failures per API', () => {
    let clock = 0;
    const out = stream(true);
    const progress = createProgress({
      apis,
      totals,
      stream: out,
      env: {},
      now: () => clock,
      redrawEveryMs: 100,
    });
    progress.checkDone('vectara-v1', 'pass');
    clock += 150;
    progress.checkDone('vectara-v1', 'fail', 'listJobs › body.schema');
    expect(out.chunks.at(-1)).toBe('\r\x1b[2Kvectara-v1 2/3 ✗1 · emporix-ai-service 0/2');
    const drawn = out.chunks.length;
    progress.checkDone('emporix-ai-service', 'pass'); // within 100 ms of the last draw: no redraw
    expect(out.chunks).toHaveLength(drawn);
    progress.checkDone('emporix-ai-service', 'error'); // an API completes: always drawn
    expect(out.chunks.at(-1)).toBe('\r\x1b[2Kvectara-v1 2/3 ✗1 · emporix-ai-service 2/2 !1');
    progress.finish();
    expect(out.text()).not.toContain('FAIL vectara-v1'); // no plain lines on a TTY
    expect(out.text().endsWith('\n4/5 checks done across 2 API(s): 1 failed, 1 errors\n')).toBe(true);
  });

  it('cuts the live line to the terminal width', () => {
    const out = stream(true, 30);
    const progress = createProgress({ apis, totals, stream: out, env: {} });
    progress.checkDone('vectara-v1', 'pass');
    const line = out.chunks.at(-1)!.replace('\r\x1b[2K', '');
    expect(line.length).toBeLessThanOrEqual(29);
    expect(line.endsWith('…')).toBe(true);
  });

  it.each([
    ['not a TTY', false, {}],
    ['CI is set', true, { CI: 'true' }],
  ])(
    'prints plain lines when %s: each failure, each API as it completes, then the totals',
    (_, isTTY, env) => {
      const out = stream(isTTY);
      const progress = createProgress({ apis, totals, stream: out, env });
      progress.checkDone('vectara-v1', 'pass');
      progress.checkDone('vectara-v1', 'fail', 'listJobs › body.schema');
      progress.checkDone('vectara-v1', 'warn');
      progress.checkDone('emporix-ai-service', 'pass');
      progress.finish();
      expect(out.text()).toBe(
        [
          'FAIL vectara-v1 listJobs › body.schema',
          'vectara-v1: 3/3 checks done, 1 failed',
          '4/5 checks done across 2 API(s): 1 failed',
          '',
        ].join('\n'),
      );
      expect(out.text()).not.toContain('\r');
    },
  );

  it('copes with an API or a check it was not told about, and finishes once', () => {
    const out = stream(false);
    const progress = createProgress({ apis: ['vectara-v2'], totals: {}, stream: out, env: {} });
    progress.checkDone('vectara-v2', 'pass');
    progress.checkDone('emporix-ai-service', 'error', 'deleteJob › auth.scope');
    progress.finish();
    progress.finish();
    progress.checkDone('vectara-v2', 'fail', 'late');
    expect(out.text()).toBe(
      [
        'vectara-v2: 1/1 checks done, 0 failed',
        'ERROR emporix-ai-service deleteJob › auth.scope',
        'emporix-ai-service: 1/1 checks done, 0 failed, 1 errors',
        '2/2 checks done across 2 API(s): 0 failed, 1 errors',
        '',
      ].join('\n'),
    );
  });
});
