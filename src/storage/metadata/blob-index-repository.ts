import type { Digest } from '../blob/blob-store.js';
import { queries, type Session } from './session.js';

/** One entry of a region's blob index: what garbage collection and the consistency check walk. */
export interface IndexedBlob {
  digest: Digest;
  size: number;
  createdAt: string;
}

/** The regions the blob index lists, sorted. */
export async function indexedRegions(session: Session): Promise<string[]> {
  const db = queries(session);
  const rows = await db.selectFrom('blobs').select('region').distinct().orderBy('region').execute();
  return rows.map((r) => r.region);
}

/** Every region anything names: the blob index, the scopes' primary locations and their replicas; sorted. */
export async function knownRegions(session: Session): Promise<string[]> {
  const db = queries(session);
  return [
    ...new Set([
      ...(await db.selectFrom('blobs').select('region').distinct().execute()).map((r) => r.region),
      ...(await db.selectFrom('scopes').select('location as region').distinct().execute()).map((r) => r.region),
      ...(await db.selectFrom('scope_regions').select('region').distinct().execute()).map((r) => r.region),
    ]),
  ].sort();
}

/** Up to `limit` indexed blobs of a region whose digest sorts after `after` (a keyset page, by digest). */
export async function indexedBlobsAfter(
  session: Session,
  region: string,
  after: string,
  limit: number,
): Promise<IndexedBlob[]> {
  const db = queries(session);
  const rows = await db
    .selectFrom('blobs')
    .select(['digest', 'size', 'created_at'])
    .where('region', '=', region)
    .where('digest', '>', after)
    .orderBy('digest')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ digest: r.digest as Digest, size: Number(r.size), createdAt: r.created_at }));
}

/** True when the region's index lists the blob. */
export async function blobIndexed(session: Session, region: string, digest: string): Promise<boolean> {
  const db = queries(session);
  const row = await db
    .selectFrom('blobs')
    .select('digest')
    .where('region', '=', region)
    .where('digest', '=', digest)
    .executeTakeFirst();
  return row !== undefined;
}

/** The other regions whose index lists the blob, with the size each recorded. */
export async function blobCopiesElsewhere(
  session: Session,
  digest: string,
  region: string,
): Promise<{ region: string; size: number }[]> {
  const db = queries(session);
  const rows = await db
    .selectFrom('blobs')
    .select(['region', 'size'])
    .where('digest', '=', digest)
    .where('region', '!=', region)
    .execute();
  return rows.map((r) => ({ region: r.region, size: Number(r.size) }));
}

/** Drops a blob from a region's index. */
export async function forgetBlob(session: Session, region: string, digest: string): Promise<void> {
  const db = queries(session);
  await db.deleteFrom('blobs').where('region', '=', region).where('digest', '=', digest).execute();
}

/**
 * Drops an unreferenced blob from a region's index, and from the garbage collection queue, when it is
 * no younger than `cutoff`: true when this call dropped it (so its bytes may go).
 */
export async function forgetCollectedBlob(
  session: Session,
  region: string,
  digest: string,
  cutoff: string,
): Promise<boolean> {
  const db = queries(session);
  const result = await db
    .deleteFrom('blobs')
    .where('region', '=', region)
    .where('digest', '=', digest)
    .where('created_at', '<=', cutoff)
    .executeTakeFirst();
  await db.deleteFrom('gc_candidates').where('region', '=', region).where('digest', '=', digest).execute();
  return Number(result.numDeletedRows) === 1;
}
