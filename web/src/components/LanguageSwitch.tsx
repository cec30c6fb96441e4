import { Button, Dropdown } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { currentLang, setLang, type Lang } from '../i18n';

const LANGS: Lang[] = ['zh-CN', 'en'];

export function LanguageSwitch({ dark = false }: { dark?: boolean }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const label = (l: Lang) => (l === 'en' ? t('lang.en') : t('lang.zh'));
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [lang],
        items: LANGS.map((l) => ({ key: l, label: label(l) })),
        onClick: ({ key }) => void setLang(key as Lang),
      }}
    >
      <Button
        type="text"
        icon={<GlobalOutlined />}
        aria-label={t('lang.label')}
        className={dark ? 'gs-header-btn' : undefined}
      >
        {label(lang)}
      </Button>
    </Dropdown>
  );
}
