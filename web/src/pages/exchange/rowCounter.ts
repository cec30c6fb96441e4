/**
 * Counts data rows as the stream arrives, whatever the chunking: a line is a row unless it is a control line — the
 * node's NDJSON `{"$cursor"…}`/`{"$end"…}`, the watermark's `{"$watermark"…}` or CSV `# govshare-watermark …` lines —
 * and in CSV the first row (item names) is not a row either. A UTF-8 BOM at the start is skipped.
 */
export class RowCounter {
  rows = 0;
  private head: number[] = [];
  private first = true;
  private csvHeaderSeen = false;
  constructor(private readonly csv: boolean) {}

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (this.first && this.head.length === 0 && b === 0xef) continue; // BOM bytes
      if (this.first && this.head.length === 0 && (b === 0xbb || b === 0xbf)) continue;
      if (b === 10) {
        this.endLine();
        continue;
      }
      if (this.head.length < 3) this.head.push(b);
    }
  }

  private endLine(): void {
    const [a, b, c] = this.head;
    this.head = [];
    this.first = false;
    if (a === undefined || (a === 13 && b === undefined)) return; // an empty line
    const control = (a === 0x7b && b === 0x22 && c === 0x24) || (a === 0x23 && b === 0x20 && c === 0x67); // {"$ · "# g"
    if (control) return;
    if (this.csv && !this.csvHeaderSeen) {
      this.csvHeaderSeen = true;
      return;
    }
    this.rows++;
  }
}
