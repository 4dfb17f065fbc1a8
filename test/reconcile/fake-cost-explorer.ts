/**
 * A fake AWS Cost Explorer endpoint on 127.0.0.1 (random port), for tests only. It speaks the
 * AWS JSON 1.1 protocol as the real service does: it checks what the SDK sends (target header,
 * SigV4 for service `ce` in us-east-1, TimePeriod, Metrics, GroupBy), serves ResultsByTime
 * across pages (NextPageToken) with amounts as strings, and answers errors as AWS does
 * (`{"__type": …, "message": …}`) so the SDK parses them as it would the real ones.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendAwsJson, serveOnLoopback } from '../helpers/fake-aws-json.js';

export interface FakeGroup {
  readonly keys: readonly [string, string];
  readonly cost: string;
  readonly quantity: string;
  readonly unit: string;
}

export interface FakePeriod {
  readonly start: string;
  readonly end: string;
  readonly estimated: boolean;
  readonly groups: readonly FakeGroup[];
}

export interface CeRequest {
  readonly target: string | undefined;
  readonly authorization: string | undefined;
  readonly sdkRequest: string | undefined;
  readonly body: Record<string, unknown> & { NextPageToken?: string };
  readonly at: number;
}

export interface FakeFault {
  readonly type: string;
  readonly message: string;
  readonly status?: number;
}

export interface FakeCostExplorer {
  readonly url: string;
  readonly requests: CeRequest[];
  readonly protocolErrors: string[];
  close(): Promise<void>;
}


/** Serves `periods`, `pageSize` groups a page (pages run across period boundaries, as AWS's do). */
export async function startFakeCostExplorer(opts: {
  periods: readonly FakePeriod[];
  pageSize?: number;
  fault?: (n: number, req: CeRequest) => FakeFault | undefined;
}): Promise<FakeCostExplorer> {
  const requests: CeRequest[] = [];
  const protocolErrors: string[] = [];
  const pageSize = opts.pageSize ?? 1000;
  // Flatten to (period index, group) so a page can cut a period in two.
  const flat: { i: number; g: FakeGroup | undefined }[] = opts.periods.flatMap((p, i): { i: number; g: FakeGroup | undefined }[] => (p.groups.length ? p.groups.map((g) => ({ i, g })) : [{ i, g: undefined }]));

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = JSON.parse((await readBody(req)) || '{}') as CeRequest['body'];
    const rec: CeRequest = {
      target: req.headers['x-amz-target'] as string | undefined,
      authorization: req.headers.authorization,
      sdkRequest: req.headers['amz-sdk-request'] as string | undefined,
      body,
      at: Date.now(),
    };
    const n = requests.length;
    requests.push(rec);
    const invalid = (message: string) => {
      protocolErrors.push(message);
      sendAwsJson(res, 400, { __type: 'ValidationException', message }, 'ValidationException');
    };
    if (rec.target !== 'AWSInsightsIndexService.GetCostAndUsage') return invalid(`unexpected X-Amz-Target ${rec.target}`);
    if (!rec.authorization?.includes('/us-east-1/ce/aws4_request')) return invalid(`not signed for us-east-1/ce: ${rec.authorization}`);
    const tp = body.TimePeriod as { Start?: string; End?: string } | undefined;
    if (!tp?.Start || !tp.End || !(tp.Start < tp.End)) return invalid(`bad TimePeriod ${JSON.stringify(tp)}`);
    const metrics = body.Metrics as string[] | undefined;
    if (!metrics?.includes('UnblendedCost') || !metrics.includes('UsageQuantity')) return invalid(`bad Metrics ${JSON.stringify(metrics)}`);
    const groupBy = body.GroupBy as { Type: string; Key: string }[] | undefined;
    if (JSON.stringify(groupBy) !== JSON.stringify([{ Type: 'DIMENSION', Key: 'USAGE_TYPE' }, { Type: 'DIMENSION', Key: 'OPERATION' }])) return invalid(`bad GroupBy ${JSON.stringify(groupBy)}`);

    // As the real API: SERVICE_CODE and LINKED_ACCOUNT_NAME only work in cost category rules.
    const filterText = JSON.stringify(body.Filter ?? {});
    if (/"Key":"(SERVICE_CODE|LINKED_ACCOUNT_NAME)"/.test(filterText)) return invalid(`dimension not supported in GetCostAndUsage filters: ${filterText}`);
    const fault = opts.fault?.(n, rec);
    if (fault) return sendAwsJson(res, fault.status ?? 400, { __type: fault.type, Message: fault.message }, fault.type);

    let offset = 0;
    if (body.NextPageToken !== undefined) {
      const m = /^page:(\d+)$/.exec(Buffer.from(body.NextPageToken, 'base64').toString('utf8'));
      if (!m) return sendAwsJson(res, 400, { __type: 'InvalidNextTokenException', Message: 'The token is invalid.' }, 'InvalidNextTokenException');
      offset = Number(m[1]);
    }
    const slice = flat.slice(offset, offset + pageSize);
    const byPeriod = new Map<number, FakeGroup[]>();
    for (const { i, g } of slice) {
      const list = byPeriod.get(i) ?? [];
      if (g) list.push(g);
      byPeriod.set(i, list);
    }
    const ResultsByTime = [...byPeriod.entries()].map(([i, groups]) => ({
      TimePeriod: { Start: opts.periods[i]!.start, End: opts.periods[i]!.end },
      Total: {},
      Groups: groups.map((g) => ({
        Keys: [...g.keys],
        Metrics: { UnblendedCost: { Amount: g.cost, Unit: 'USD' }, UsageQuantity: { Amount: g.quantity, Unit: g.unit } },
      })),
      Estimated: opts.periods[i]!.estimated,
    }));
    const next = offset + pageSize < flat.length ? Buffer.from(`page:${offset + pageSize}`).toString('base64') : undefined;
    sendAwsJson(res, 200, {
      GroupDefinitions: [{ Type: 'DIMENSION', Key: 'USAGE_TYPE' }, { Type: 'DIMENSION', Key: 'OPERATION' }],
      ResultsByTime,
      DimensionValueAttributes: [],
      ...(next ? { NextPageToken: next } : {}),
    });
  };

  const { url, close } = await serveOnLoopback(handle, 'InternalServerError');
  return { url, requests, protocolErrors, close };
}
