import { filenameOf } from '../api/client';

/** Hands a file to the browser's download (authenticated downloads arrive as blobs, not as links). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export async function saveResponse(res: Response, fallbackName: string): Promise<void> {
  saveBlob(await res.blob(), filenameOf(res) ?? fallbackName);
}
