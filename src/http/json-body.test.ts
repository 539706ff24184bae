import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8, parseJsonBody } from './json-body.ts';

const JSON_TYPE = 'application/json';
const parse = (body: Buffer | string, type: string | undefined = JSON_TYPE, status = 200) =>
  parseJsonBody(status, type, typeof body === 'string' ? Buffer.from(body) : body);

describe('parseJsonBody', () => {
  it('parses a JSON body, null and array roots included', () => {
    expect(parse('{"a":1}')).toEqual({ text: '{"a":1}', json: { a: 1 } });
    expect(parse('null')).toEqual({ text: 'null', json: null });
    expect(parse('[{"a":1}]').json).toEqual([{ a: 1 }]);
    expect(parse('{"a":1}', 'application/problem+json; charset=utf-8').json).toEqual({ a: 1 });
  });

  it('leaves a body of another content type as text', () => {
    expect(parse('<html>', 'text/html')).toEqual({ text: '<html>' });
    expect(parseJsonBody(200, undefined, Buffer.from('{"a":1}'))).toEqual({ text: '{"a":1}' });
  });

  it('names an empty body, but not on 204', () => {
    expect(parse('').jsonError).toBe('empty body although content-type is application/json');
    expect(parse('', JSON_TYPE, 204)).toEqual({ text: '' });
  });

  it('invalid UTF-8 inside a string makes the body invalid, with the byte named; the text keeps U+FFFD', () => {
    const body = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff, 0xfe]), Buffer.from('x"}')]);
    const parsed = parse(body);
    expect(parsed.json).toBeUndefined();
    expect(parsed.jsonError).toBe('invalid UTF-8 at byte 6 (0xff): JSON must be UTF-8 (RFC 8259 §8.1)');
    expect(parsed.text).toBe('{"a":"\uFFFD\uFFFDx"}');
  });

  it('a body nested past the limit is never parsed: text only, the depth named', () => {
    const text = `${'['.repeat(200_000)}1${']'.repeat(200_000)}`;
    const parsed = parse(text);
    expect(parsed.json).toBeUndefined();
    expect(parsed.text).toBe(text);
    expect(parsed.jsonError).toMatch(/^JSON nesting deeper than 512 levels/);
    // …even when it is also cut short: the depth is what is named.
    expect(parse(text.slice(0, 300_000)).jsonError).toMatch(/nesting deeper than 512/);
  });

  it('invalid JSON names the position', () => {
    expect(parse('{"a": 1,}').jsonError).toBe('invalid JSON at position 8: unexpected "}"');
  });
});

describe('firstInvalidUtf8', () => {
  it.each([
    [[0x61, 0xc3, 0xa9], undefined],
    [[0xe2, 0x82, 0xac], undefined],
    [[0xf0, 0x9f, 0x98, 0x80], undefined],
    [[0x61, 0xff], 1],
    [[0xc0, 0xaf], 0], // overlong '/'
    [[0xe0, 0x80, 0xaf], 0], // overlong
    [[0xed, 0xa0, 0x80], 0], // surrogate U+D800
    [[0xf4, 0x90, 0x80, 0x80], 0], // past U+10FFFF
    [[0x61, 0x62, 0xe2, 0x82], 2], // cut short
    [[0x80], 0], // a lone continuation byte
  ])('%j → %s', (bytes, at) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(at);
  });
});
