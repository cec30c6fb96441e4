import PDFDocument from 'pdfkit';
import type { AgreementContent } from './agreement.template.js';
import { maskLabel, METHOD_LABELS } from './agreement.template.js';
import type { PdfFont } from './pdf-font.js';

export interface Signature { signedBy: string; signedAt: string }

/** The download's watermark (src/watermark): the signed claims for the document properties, a line for the footer. */
export interface PdfMark { jws: string; footer: string }

export interface AgreementSeal {
  digest: string;
  digestAlg: string;
  seal: string;
  signatureAlg: string;
  keyId: string;
  provider: Signature | null;
  consumer: Signature | null;
}

const MARGIN = 60;
const shanghai = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/** Renders the Art. 30 agreement as an A4 PDF with an embedded (subset) Chinese font. */
export function renderAgreementPdf(c: AgreementContent, s: AgreementSeal, font: PdfFont, mark?: PdfMark): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4', margin: MARGIN, bufferPages: true,
    info: {
      Title: `${c.title} ${c.number}`, Author: c.issuer, Subject: c.resource.name, Creator: 'govshare', CreationDate: new Date(`${c.approvedOn}T00:00:00+08:00`),
      // Art. 39(4): who downloaded it, when (ADR 007); `govshare trace-leak` reads and verifies this entry.
      ...(mark ? { Keywords: `govshare-watermark ${mark.jws}` } : {}),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font.file, font.family as string);
  doc.font('cjk');
  const width = doc.page.width - 2 * MARGIN;
  const heading = (t: string) => doc.moveDown(0.6).fontSize(13).fillColor('#000').text(t).moveDown(0.2).fontSize(10.5);
  const field = (label: string, value: string) => doc.fontSize(10.5).fillColor('#555').text(`${label}：`, { continued: true }).fillColor('#000').text(value);

  doc.fontSize(20).text(c.title, { align: 'center' });
  doc.moveDown(0.3).fontSize(10).fillColor('#555').text(`协议编号：${c.number}    申请编号：${c.applicationId}`, { align: 'center' }).fillColor('#000');

  heading('一、协议双方');
  field('甲方（提供部门）', `${c.provider.name}（统一社会信用代码 ${c.provider.code}）`);
  field('乙方（使用部门）', `${c.consumer.name}（统一社会信用代码 ${c.consumer.code}）`);

  heading('二、共享的政务信息资源');
  field('资源名称', c.resource.name);
  field('资源代码', `${c.resource.code}（目录版本 ${c.resource.version}）`);
  field('共享方式', c.methods.map((m) => METHOD_LABELS[m] ?? m).join('、'));
  doc.moveDown(0.3).fillColor('#555').text('共享信息项：').fillColor('#000');
  c.items.forEach((it, i) => doc.text(`${String(i + 1).padStart(2, ' ')}. ${it.name}    ${maskLabel(it.mask)}`, { indent: 16 }));

  heading('三、用途、依据与期限');
  field('使用用途', c.purpose);
  field('履职依据', c.legalBasis);
  if (c.system) field('调用系统', `${c.system.name}（凭证 ${c.system.credentialId}）`);
  if (c.expectedVolume) field('预计使用量', c.expectedVolume);
  if (c.maxRecords) field('使用限额', `单次最多 ${c.maxRecords} 条记录`);
  field('使用期限', `${c.period.from} 至 ${c.period.until}`);

  heading('四、双方的权利与义务');
  c.clauses.forEach((cl, i) => {
    doc.fontSize(10.5).text(`${i + 1}. ${cl.title}（${cl.basis}）：${cl.text}`, { align: 'justify', width });
    doc.moveDown(0.2);
  });

  if (doc.y > doc.page.height - MARGIN - 200) doc.addPage(); // keep the signature block on one page
  heading('五、签署');
  doc.text('本协议经甲乙双方在共享平台上签署后生效，共享平台自双方签署之日起按本协议授权。');
  doc.moveDown(0.4);
  const sig = (label: string, name: string, x: Signature | null) =>
    doc.text(`${label}：${name}`).text(x ? `    签署人：${x.signedBy}    签署时间：${shanghai(x.signedAt)}（北京时间）` : '    签署人：（待签署）', { indent: 0 }).moveDown(0.3);
  sig('甲方（提供部门）', c.provider.name, s.provider);
  sig('乙方（使用部门）', c.consumer.name, s.consumer);
  doc.text(`批准日期：${c.approvedOn}`);

  heading('平台签章');
  doc.fontSize(8.5).fillColor('#333');
  doc.text(`协议内容摘要（${s.digestAlg.toUpperCase()}，规范化 JSON）：${s.digest}`, { width });
  doc.text(`共享平台签章（${s.signatureAlg}，密钥标识 ${s.keyId}）：${s.seal}`, { width });
  doc.text(`签章方：${c.issuer}。可用平台公钥验证签章，或在平台“共享申请”详情页核对摘要。`, { width });

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0; // the footer sits in the margin; without this pdfkit would start a new page
    doc.fontSize(8).fillColor('#888').text(`${c.number}    第 ${i + 1} 页 / 共 ${range.count} 页`, MARGIN, doc.page.height - MARGIN + 20, { align: 'center', width, lineBreak: false });
    if (mark) doc.fontSize(7).fillColor('#999').text(mark.footer, MARGIN, doc.page.height - MARGIN + 32, { align: 'center', width, lineBreak: false });
  }
  doc.end();
  return done;
}
