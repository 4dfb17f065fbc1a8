/**
 * SSE-KMS on the bucket: customer managed keys per key-month and KMS requests ("AWS Key Management
 * Service pricing"). Without S3 Bucket Keys, S3 calls KMS once per object write (GenerateDataKey)
 * and once per object read (Decrypt) ("Using server-side encryption with AWS KMS keys (SSE-KMS)",
 * S3 User Guide). With Bucket Keys, S3 uses a time-limited bucket-level key and calls KMS only to
 * make or decrypt it; AWS publishes no per-period formula, only that Bucket Keys "can reduce AWS KMS
 * request costs by up to 99 percent" ("Reducing the cost of SSE-KMS with Amazon S3 Bucket Keys",
 * S3 User Guide). The model: requests = (PUTs + GETs) × (1 − reduction), the reduction a scenario
 * parameter defaulting to AWS's 99 % (the best case: set your measured reduction).
 * The KMS free tier (20,000 requests a month, account-wide) is not applied, like the account's
 * other free allowances a large organisation spends elsewhere.
 */
import type { UsageLine } from '../usage/usage-line.js';
import type { MonthActivity } from './activity.js';
import type { KmsConfig } from './config.js';
import { kmsKeysKey, kmsRequestsKey, resourceLine } from './keys.js';

/** KMS requests S3 makes for a month's object requests. */
export function kmsRequests(cfg: KmsConfig, a: Pick<MonthActivity, 'puts' | 'gets'>): number {
  const calls = a.puts + a.gets;
  return cfg.bucketKeys ? calls * (1 - cfg.bucketKeyReductionPct / 100) : calls;
}

export function kmsLines(cfg: KmsConfig, region: string, activity: readonly MonthActivity[]): UsageLine[] {
  return activity.flatMap((a) => {
    const requests = kmsRequests(cfg, a);
    return [
      ...(cfg.keys > 0 ? [resourceLine(a.month, region, kmsKeysKey(region), cfg.keys, 'encryption')] : []),
      ...(requests > 0 ? [resourceLine(a.month, region, kmsRequestsKey(region), requests, 'encryption')] : []),
    ];
  });
}
