import { createContext, useContext, useEffect } from 'react';

/** A breadcrumb step below the menu page: a detail page names its object (资源目录 / 目录检索 / 人口基础信息). */
export interface Crumb {
  title: string;
  /** Omitted for the last step. */
  path?: string;
}

type SetCrumbs = (crumbs: Crumb[]) => void;

export const CrumbContext = createContext<SetCrumbs>(() => {});

/** Adds steps to the shell's breadcrumb while the page is shown. */
export function usePageCrumbs(crumbs: Crumb[]): void {
  const set = useContext(CrumbContext);
  const key = JSON.stringify(crumbs);
  useEffect(() => {
    set(JSON.parse(key) as Crumb[]);
    return () => set([]);
  }, [key, set]);
}
