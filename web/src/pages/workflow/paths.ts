/** The page of a workflow object (to-dos, inbox notices). */
export function subjectPath(type: string, id: string): string | null {
  if (type === 'application' || type === 'agreement' || type === 'grant') return `/applications/${id}`;
  if (type === 'objection') return `/objections/${id}`;
  if (type === 'dispute') return `/disputes/${id}`;
  if (type === 'alert') return `/security/alerts/${id}`;
  if (type === 'incident') return `/security/incidents/${id}`;
  return null;
}
