import { describe, expect, it } from 'vitest';
import * as web from './resources.model';

// The server's vocabularies (Node code: imported by a path the web typecheck does not follow).
const SERVER_MODEL = '../../../src/catalog/model.ts';
const SERVER_CLASSES = '../../../src/catalog/classification.ts';

describe('the catalog vocabularies match the server', async () => {
  const model = (await import(/* @vite-ignore */ SERVER_MODEL)) as Record<string, unknown>;
  const classes = (await import(/* @vite-ignore */ SERVER_CLASSES)) as { CLASS_ITEMS: Record<string, readonly string[]> };

  it('has the same enums', () => {
    for (const name of ['KINDS', 'FORMATS', 'DATA_TYPES', 'SHARE_TYPES', 'SHARE_METHODS', 'UPDATE_CYCLES', 'STATUSES'] as const) {
      expect([...web[name]], name).toEqual(model[name]);
    }
  });

  it('has the same patterns and classes', () => {
    expect(web.MASK_PATTERN.source).toBe(model.MASK_PATTERN);
    expect(web.RESOURCE_CODE_PATTERN.source.replace('\\/', '/')).toBe(model.RESOURCE_CODE_PATTERN);
    expect(web.CLASS_ITEMS.base).toEqual(classes.CLASS_ITEMS.base);
    expect(web.CLASS_ITEMS.theme).toEqual(classes.CLASS_ITEMS.theme);
  });
});
