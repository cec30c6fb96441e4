import type { ReactNode } from 'react';
import { Typography } from 'antd';

export function PageHead({ title, description }: { title: string; description?: ReactNode }) {
  return (
    <div className="gs-page-head">
      <Typography.Title level={4}>{title}</Typography.Title>
      {description && <Typography.Text type="secondary">{description}</Typography.Text>}
    </div>
  );
}
