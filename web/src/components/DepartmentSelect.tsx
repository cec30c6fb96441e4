import type { CSSProperties } from 'react';
import { Select } from 'antd';
import type { Department } from '../api/orgs';

interface DepartmentSelectProps {
  departments: readonly Department[];
  value?: string;
  onChange?: (id: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  loading?: boolean;
  style?: CSSProperties;
  id?: string;
  'aria-label'?: string;
}

/** Departments by name, searchable by name, credit code or region. */
export function DepartmentSelect({ departments, ...rest }: DepartmentSelectProps) {
  return (
    <Select
      {...rest}
      showSearch={{ optionFilterProp: 'search' }}
      options={departments.map((d) => ({
        value: d.id,
        label: d.name,
        search: `${d.name} ${d.code} ${d.regionName}`,
      }))}
      popupMatchSelectWidth={false}
    />
  );
}
