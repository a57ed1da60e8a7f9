/** A resumable blob upload in progress, in one region of a scope. */
export interface UploadSession {
  id: string;
  region: string;
  scopeId: string;
  /** Bytes the store holds for this session. */
  offset: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  expiresAt: string;
  /** `environments/pytorch` for an OCI upload (the blob joins that repository); null for REST uploads. */
  repository: string | null;
}
