/**
 * Where the catalog's pages live. A resource code contains one `/` (前段码/后段码); the detail route is a splat,
 * so the address reads like the code: /catalog/resources/101001001/000123.
 */
export const resourcePath = (code: string) => `/catalog/resources/${code.split('/').map(encodeURIComponent).join('/')}`;
export const workingPath = (id: string) => `/catalog/mine/${encodeURIComponent(id)}`;
export const editPath = (id: string) => `${workingPath(id)}/edit`;
export const reviewPath = (id: string) => `${workingPath(id)}/review`;
export const queryConsolePath = (code: string) => `/exchange/query?code=${encodeURIComponent(code)}`;
export const comparePath = (code: string) => `/exchange/compare?code=${encodeURIComponent(code)}`;
export const exportPath = (code: string) => `/exchange/export?code=${encodeURIComponent(code)}`;
