import { useCallback, useEffect, useState } from 'react';
import { Badge, Button, Drawer, Empty, List, Space, Switch, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { fetchInbox, fetchUnreadCount, markAllRead, markRead, type InboxItem } from '../api/workflow';
import { formatDateTime } from '../lib/time';
import { subjectPath } from '../pages/workflow/paths';

const POLL_MS = 60_000;

/** 站内消息: the unread count in the header (polled), the notices in a drawer. */
export function InboxBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [count, setCount] = useState(0);
  const [open, setOpen] = useState(false);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [items, setItems] = useState<InboxItem[]>([]);
  const [loading, setLoading] = useState(false);

  const refreshCount = useCallback(() => {
    fetchUnreadCount().then(
      (r) => setCount(r.count),
      () => {},
    );
  }, []);

  useEffect(() => {
    refreshCount();
    const timer = setInterval(refreshCount, POLL_MS);
    return () => clearInterval(timer);
  }, [refreshCount]);

  const load = useCallback(() => {
    setLoading(true);
    fetchInbox(unreadOnly)
      .then((r) => setItems(r.items))
      .catch(() => setItems([]))
      .finally(() => setLoading(false));
    refreshCount();
  }, [unreadOnly, refreshCount]);

  useEffect(() => {
    if (open) load();
  }, [open, load]);

  async function read(item: InboxItem) {
    if (!item.read) await markRead(item.id).catch(() => {});
    load();
  }

  return (
    <>
      <Badge count={count} size="small" offset={[-4, 4]}>
        <Button type="text" aria-label={t('inbox.title')} icon={<BellOutlined style={{ color: '#fff', fontSize: 18 }} />} onClick={() => setOpen(true)} />
      </Badge>
      <Drawer
        title={t('inbox.title')}
        open={open}
        onClose={() => setOpen(false)}
        size={520}
      >
        <div className="gs-toolbar" style={{ marginBottom: 8 }}>
          <Space size={6}>
            <Switch size="small" checked={unreadOnly} onChange={setUnreadOnly} aria-label={t('inbox.unreadOnly')} />
            {t('inbox.unreadOnly')}
          </Space>
          <Button size="small" onClick={() => void markAllRead().then(load, load)}>
            {t('inbox.markAll')}
          </Button>
        </div>
        <List<InboxItem>
          loading={loading}
          dataSource={items}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inbox.empty')} /> }}
          renderItem={(item) => {
            const path = item.subject ? subjectPath(item.subject.type, item.subject.id) : null;
            return (
              <List.Item
                actions={[
                  ...(path
                    ? [
                        <a
                          key="open"
                          onClick={() => {
                            void read(item);
                            setOpen(false);
                            navigate(path);
                          }}
                        >
                          {t('inbox.open')}
                        </a>,
                      ]
                    : []),
                  ...(item.read ? [] : [<a key="read" onClick={() => void read(item)}>{t('inbox.markRead')}</a>]),
                ]}
              >
                <List.Item.Meta
                  title={
                    <Space size={6}>
                      {!item.read && <Badge status="processing" />}
                      <Typography.Text strong={!item.read}>{item.title}</Typography.Text>
                    </Space>
                  }
                  description={
                    <>
                      <div>{item.body}</div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {formatDateTime(item.createdAt)}
                      </Typography.Text>
                    </>
                  }
                />
              </List.Item>
            );
          }}
        />
      </Drawer>
    </>
  );
}
