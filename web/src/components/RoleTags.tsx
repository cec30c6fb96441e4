import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { isRole } from '../auth/roles';

export function RoleTags({ roles }: { roles: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <>
      {roles.map((r) => (
        <Tag key={r} color={r === 'admin' || r === 'office' ? 'blue' : undefined} style={{ marginBlock: 2 }}>
          {isRole(r) ? t(`roles.${r}`) : r}
        </Tag>
      ))}
    </>
  );
}
