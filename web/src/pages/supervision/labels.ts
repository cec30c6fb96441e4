import { useTranslation } from 'react-i18next';

/** Labels of the supervision screens' keys (criteria, figures, share types, backlog kinds), falling back to the key. */
export function useSupervisionLabels() {
  const { t, i18n } = useTranslation();
  const look = (prefix: string) => (key: string) => {
    const k = `supervision.${prefix}.${key}`;
    return i18n.exists(k) ? (t as (k: string) => string)(k) : key;
  };
  return { criterion: look('criteria'), figure: look('figures'), shareType: look('shareTypeNames'), backlog: look('backlogKinds'), tab: look('notices.tabs'), status: look('notices.statuses'), action: (a: string) => look('notices.actions')(a.replace(/^notice\./, '')) };
}

export function yearOptions(current: number): Array<{ value: number; label: string }> {
  return [0, 1, 2, 3].map((i) => ({ value: current - i, label: String(current - i) }));
}

export const pct = (share: number) => `${Math.round(share * 1000) / 10}%`;
