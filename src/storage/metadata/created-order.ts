import { sql, type Expression, type SqlBool } from 'kysely';

/**
 * The rows after a position in a newest-first page ordered by `created_at`, then `id` (both descending):
 * those created earlier, or at the same time with a smaller id. For tables with both columns.
 */
export function createdBefore(before: { createdAt: string; id: string }): Expression<SqlBool> {
  return sql<SqlBool>`(created_at < ${before.createdAt} or (created_at = ${before.createdAt} and id < ${before.id}))`;
}
