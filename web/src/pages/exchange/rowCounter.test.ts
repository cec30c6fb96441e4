import { describe, expect, it } from 'vitest';
import { RowCounter } from './rowCounter';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('RowCounter', () => {
  it('counts CSV data rows: not the BOM, the item-name row or the watermark lines, whatever the chunking', () => {
    const text = '\uFEFF# govshare-watermark aaa.bbb.ccc\r\n姓名,电话\r\n张**,138****1111\r\n"李**",139****2222\r\n# govshare-watermark-end ddd.eee.fff\r\n';
    for (const size of [1, 2, 3, 7, 1000]) {
      const c = new RowCounter(true);
      const all = bytes(text);
      for (let i = 0; i < all.length; i += size) c.push(all.slice(i, i + size));
      expect(c.rows).toBe(2);
    }
  });

  it('counts NDJSON rows, not the control lines of the node or the watermark', () => {
    const c = new RowCounter(false);
    c.push(bytes('{"$watermark":"a.b.c"}\n{"姓名":"张**"}\n{"姓名":"李**"}\n{"$cursor":"x"}\n{"姓名":"王**"}\n{"$end":{"rows":3}}\n{"$watermark_end":"d.e.f"}\n'));
    expect(c.rows).toBe(3);
  });
});
