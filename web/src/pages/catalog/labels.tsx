import { Tag, Tooltip } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { DATA_TYPES, type DataType, type ShareType, type VersionStatus } from '../../api/resources';

/** Small presentational pieces every catalog and exchange page shows the same way. */
const SHARE_COLORS: Record<ShareType, string> = { unconditional: 'green', conditional: 'gold', none: 'default' };
const STATUS_COLORS: Record<VersionStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  rejected: 'error',
  approved: 'cyan',
  published: 'success',
  retired: 'default',
  superseded: 'default',
};

export function ShareTypeTag({ value }: { value: ShareType }) {
  const { t } = useTranslation();
  return <Tag color={SHARE_COLORS[value]}>{t(`catalog.shareTypes.${value}`)}</Tag>;
}

export function StatusTag({ value }: { value: VersionStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[value]}>{t(`catalog.statuses.${value}`)}</Tag>;
}

export function isDataType(v: string): v is DataType {
  return (DATA_TYPES as readonly string[]).includes(v);
}

/** `字符型（C）` — the guide's Chinese name with the code departments know from their templates. */
export function dataTypeLabel(t: TFunction, code: string): string {
  return isDataType(code) ? `${t(`catalog.dataTypes.${code}`)}（${code}）` : code;
}

/** A mask in words: 身份证号（保留前 6 位和后 4 位）; `keep:F,L` with its numbers. */
export function maskLabel(t: TFunction, mask: string): string {
  const keep = /^keep:(\d{1,2}),(\d{1,2})$/.exec(mask);
  if (keep) return t('catalog.masks.keep', { first: Number(keep[1]), last: Number(keep[2]) });
  switch (mask) {
    case 'id_number':
    case 'phone':
    case 'name':
    case 'hash':
    case 'year_only':
    case 'null':
      return t(`catalog.masks.${mask}`);
    default:
      return mask;
  }
}

export function MaskTag({ mask }: { mask: string | null | undefined }) {
  const { t } = useTranslation();
  if (!mask) return <span className="gs-muted">—</span>;
  return (
    <Tooltip title={<span className="gs-mono">{mask}</span>}>
      <Tag color="purple">{maskLabel(t, mask)}</Tag>
    </Tooltip>
  );
}
