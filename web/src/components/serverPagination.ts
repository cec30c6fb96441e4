import type { TablePaginationConfig } from 'antd';
import type { TFunction } from 'i18next';

/** Paging of a server-paged table: page and size in the page's state; a new page size goes back to page 1. */
export function serverPagination(t: TFunction, page: number, size: number, total: number | undefined, setPage: (p: number) => void, setSize: (s: number) => void): TablePaginationConfig {
  return {
    current: page,
    pageSize: size,
    total: total ?? 0,
    showSizeChanger: true,
    showTotal: (n) => t('common.total', { total: n }),
    onChange: (p, s) => {
      setPage(s === size ? p : 1);
      setSize(s);
    },
  };
}
