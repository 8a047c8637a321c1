import { z } from 'zod';

/** Query parameters every list accepts: free-text filter, sort, direction and paging. */
export function listQuery<const S extends readonly [string, ...string[]]>(sortable: S) {
  return z.object({
    q: z.string().trim().max(200).optional().describe('Free-text filter'),
    sort: z.enum(sortable).optional(),
    dir: z.enum(['asc', 'desc']).default('asc'),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(25),
  });
}

export function pageOf(query: { page: number; pageSize: number }) {
  return { offset: (query.page - 1) * query.pageSize, limit: query.pageSize };
}

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

export const exportFormat = z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') });

/** The years a date Concord keeps may fall in: anything outside is a typing slip (and PostgreSQL has no year 0). */
export const YEARS = { from: 1900, to: 2199 };
export const yearInRange = (s: string) => {
  const year = Number(s.slice(0, 4));
  return year >= YEARS.from && year <= YEARS.to;
};
const YEARS_MESSAGE = `Enter a date between ${YEARS.from} and ${YEARS.to}`;

/** `YYYY-MM-DD`, checked to be a real calendar date in a year Concord deals with. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: 'Enter a date that is on the calendar, like 2026-02-28',
    },
  )
  .refine(yearInRange, YEARS_MESSAGE);

/** A date and time with its offset (ISO 8601), in a year Concord deals with. */
export const isoDateTime = () => z.iso.datetime({ offset: true }).refine(yearInRange, YEARS_MESSAGE);

export const uuidParam = z.object({ id: z.uuid() });

/** A yes/no query parameter: "true"/"false" (also 1/0, yes/no); absent means false. */
export const queryFlag = () => z.stringbool().default(false);
