import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { DomainError } from '../errors.js';

/**
 * A font with Chinese glyphs for the agreement PDF. Nothing is fetched at run time (SPEC §5): by default the Noto Sans
 * SC (GB2312 subset, OFL-1.1) shipped in the npm package @embedpdf/fonts-sc; GOVSHARE_PDF_FONT names another file
 * (e.g. /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc for the full character set, with its face name).
 */
export interface PdfFont { file: string; family?: string | undefined }

function bundled(): string | undefined {
  try {
    const entry = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc');
    const file = path.join(path.dirname(entry), '..', 'fonts', 'NotoSansHans-Regular.otf');
    return fs.existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/** `configured` is a path, or `path#FaceName` for a collection (.ttc), e.g. `…/NotoSansCJK-Regular.ttc#NotoSansCJKsc-Regular`. */
export function resolvePdfFont(configured: string | undefined): PdfFont {
  if (configured) {
    const [file, family] = configured.split('#') as [string, string | undefined];
    if (!fs.existsSync(file)) {
      throw new DomainError('PDF_FONT_MISSING', 503, `协议 PDF 所需的中文字体文件不存在：${file}（GOVSHARE_PDF_FONT）`, `The Chinese font for agreement PDFs is missing: ${file} (GOVSHARE_PDF_FONT)`);
    }
    return { file, family: family || (file.endsWith('.ttc') ? 'NotoSansCJKsc-Regular' : undefined) };
  }
  const file = bundled();
  if (!file) {
    throw new DomainError('PDF_FONT_MISSING', 503, '未找到协议 PDF 所需的中文字体（@embedpdf/fonts-sc 未安装）；请设置 GOVSHARE_PDF_FONT 指向含中文字形的字体文件',
      'No Chinese font for agreement PDFs (@embedpdf/fonts-sc is not installed); set GOVSHARE_PDF_FONT to a font file with Chinese glyphs');
  }
  return { file };
}
