import { request } from './client';

/** 共享申请 (Art. 23): src/applications/application.routes.ts. The catalog files one; the applications screens follow it. */
export interface ApplicationInput {
  resourceCode: string;
  items: string[];
  purpose: string;
  legalBasis: string;
  /** YYYY-MM-DD */
  validUntil: string;
}

export function fileApplication(body: ApplicationInput) {
  return request<{ id: string; status: 'pending'; acceptBy: string }>('/applications', { method: 'POST', body });
}
