import { useTranslation } from 'react-i18next';

const APP = ['pending', 'approved', 'refused', 'active', 'withdrawn', 'superseded', 'revoked', 'expired'] as const;
const OBJ = ['open', 'accepted', 'rejected'] as const;

/** Our label for a known status (so English shows English); the server's Chinese label otherwise. */
export function useStatusLabel() {
  const { t } = useTranslation();
  return (status: string, serverLabel: string, kind: 'application' | 'objection' = 'application') => {
    if (kind === 'application' && (APP as readonly string[]).includes(status)) return t(`applications.statuses.${status as (typeof APP)[number]}`);
    if (kind === 'objection' && (OBJ as readonly string[]).includes(status)) return t(`objections.statuses.${status as (typeof OBJ)[number]}`);
    return serverLabel;
  };
}
