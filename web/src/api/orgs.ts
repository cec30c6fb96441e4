import { request } from './client';
import { useRequest } from './useRequest';

export type RegionLevel = 'national' | 'province' | 'city' | 'county';

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

export interface Department {
  id: string;
  code: string;
  name: string;
  regionCode: string;
  regionName: string;
}

export interface UserRow {
  id: string;
  username: string;
  roles: string[];
  departmentId: string | null;
  departmentName: string | null;
  locked: boolean;
  createdAt: string;
}

export interface Credential {
  clientId: string;
  name: string;
  departmentId: string;
  departmentName: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

// Regions

export function useRegions() {
  return useRequest('regions', (signal) => request<{ items: Region[] }>('/regions', { signal }));
}

export function createRegion(body: { code: string; name: string; level: RegionLevel; parentCode?: string }) {
  return request<Region>('/regions', { method: 'POST', body });
}

// Departments

export interface DepartmentQuery {
  region?: string;
  q?: string;
  page: number;
  size: number;
}

export function listDepartments(query: DepartmentQuery, signal?: AbortSignal) {
  return request<Page<Department>>('/departments', { query: { ...query }, signal });
}

export function useDepartments(query: DepartmentQuery) {
  return useRequest(`departments?${JSON.stringify(query)}`, (signal) => listDepartments(query, signal));
}

/** Departments for a select box. The platform pages lists; 500 covers a province's departments. */
export function useDepartmentOptions() {
  return useRequest('departments:options', (signal) => listDepartments({ page: 1, size: 500 }, signal));
}

export function createDepartment(body: { code: string; name: string; regionCode: string }) {
  return request<Department>('/departments', { method: 'POST', body });
}

// Users

export interface UserQuery {
  department?: string;
  page: number;
  size: number;
}

export function useUsers(query: UserQuery) {
  return useRequest(`users?${JSON.stringify(query)}`, (signal) =>
    request<Page<UserRow>>('/users', { query: { ...query }, signal }),
  );
}

export function createUser(body: { username: string; password: string; departmentId?: string; roles: string[] }) {
  return request<UserRow>('/users', { method: 'POST', body });
}

export function unlockUser(id: string) {
  return request<void>(`/users/${encodeURIComponent(id)}/unlock`, { method: 'POST' });
}

// System credentials (Art. 13: a department's information systems are registered with it)

/** Without a department: every credential the user may see (the server scopes the list). */
export function useCredentials(departmentId: string | undefined) {
  return useRequest(`credentials?${departmentId ?? ''}`, (signal) =>
    request<{ items: Credential[] }>('/credentials', { query: { department: departmentId }, signal }),
  );
}

export function createCredential(body: { departmentId: string; name: string }) {
  return request<{ clientId: string; clientSecret: string }>('/credentials', { method: 'POST', body });
}

export function revokeCredential(clientId: string) {
  return request<void>(`/credentials/${encodeURIComponent(clientId)}`, { method: 'DELETE' });
}
