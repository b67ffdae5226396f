// Lists that grow with the campaign come a page at a time, by cursor: pass a page's `next` back as `cursor`.

export interface PageQuery {
  /** The `next` of the page before; none for the first page. Opaque: only the server reads it. */
  cursor?: string;
  /** Items per page (1–500; each list has its own default). */
  limit?: number;
}

export interface Page<T> {
  items: T[];
  /** Everything the list holds under the same filters, on every page. */
  total: number;
  /** The cursor of the following page; null on the last. */
  next: string | null;
}

export const PAGE_LIMIT_MAX = 500;
