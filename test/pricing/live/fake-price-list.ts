/**
 * A fake AWS Price List Query API on 127.0.0.1 (random port), for tests only. It speaks the AWS
 * JSON 1.1 protocol the real service speaks: it checks what the SDK sends (target header,
 * ServiceCode, FormatVersion aws_v1, the region filter, SigV4 for the pricing service), serves
 * product documents as JSON strings across pages (NextToken), and answers errors as AWS does
 * (HTTP 400, `{"__type": …, "message": …}`) so the SDK parses them as it would the real ones.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendAwsJson, serveOnLoopback } from '../../helpers/fake-aws-json.js';

/** A product document as served: the exact text (real documents stay verbatim) and its parse. */
export interface ServedDocument {
  readonly text: string;
  readonly serviceCode: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export function servedDocument(text: string): ServedDocument {
  const doc = JSON.parse(text) as { serviceCode: string; product: { attributes: Record<string, string> } };
  return { text, serviceCode: doc.serviceCode, attributes: doc.product.attributes };
}

export interface RecordedRequest {
  readonly target: string | undefined;
  readonly contentType: string | undefined;
  readonly authorization: string | undefined;
  /** The SDK's retry header, `attempt=N; max=M`. */
  readonly sdkRequest: string | undefined;
  readonly body: {
    ServiceCode?: string;
    FormatVersion?: string;
    Filters?: { Type: string; Field: string; Value: string }[];
    MaxResults?: number;
    NextToken?: string;
  };
  readonly at: number;
}

/** An error the fake answers with instead of a page. */
export interface FakeFault {
  readonly type: string;
  readonly message: string;
  readonly status?: number;
  /** Sent as `x-amz-retry-after` (ms), the hint AWS gives with throttling. */
  readonly retryAfterMs?: number;
}

export interface FakePriceListOptions {
  readonly documents: readonly ServedDocument[];
  /** Products per page at most (the real API: MaxResults, ≤ 100). */
  readonly pageSize?: number;
  /** Decides, per request (0-based count of all requests so far), whether to fail it. */
  readonly fault?: (n: number, req: RecordedRequest) => FakeFault | undefined;
  /** The region the endpoint is in: requests must be signed for it. */
  readonly signingRegion?: string;
}

export interface FakePriceList {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Problems with what the client sent (each also answered as an InvalidParameterException). */
  readonly protocolErrors: string[];
  close(): Promise<void>;
}

const REGION_FIELD: Readonly<Record<string, string>> = { AWSDataTransfer: 'fromRegionCode' };
export const regionField = (serviceCode: string): string => REGION_FIELD[serviceCode] ?? 'regionCode';



export async function startFakePriceList(opts: FakePriceListOptions): Promise<FakePriceList> {
  const requests: RecordedRequest[] = [];
  const protocolErrors: string[] = [];
  const pageSize = opts.pageSize ?? 100;
  const signingRegion = opts.signingRegion ?? 'us-east-1';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    let body: RecordedRequest['body'] = {};
    try {
      body = JSON.parse(raw || '{}') as RecordedRequest['body'];
    } catch {
      /* checked below */
    }
    const rec: RecordedRequest = {
      target: req.headers['x-amz-target'] as string | undefined,
      contentType: req.headers['content-type'],
      authorization: req.headers.authorization,
      sdkRequest: req.headers['amz-sdk-request'] as string | undefined,
      body,
      at: Date.now(),
    };
    const n = requests.length;
    requests.push(rec);

    const invalid = (message: string): void => {
      protocolErrors.push(message);
      sendAwsJson(res, 400, { __type: 'InvalidParameterException', message }, 'InvalidParameterException');
    };
    if (req.method !== 'POST') return invalid(`expected POST, got ${req.method}`);
    if (rec.target !== 'AWSPriceListService.GetProducts') return invalid(`unexpected X-Amz-Target ${rec.target}`);
    if (rec.contentType !== 'application/x-amz-json-1.1') return invalid(`unexpected Content-Type ${rec.contentType}`);
    const scope = `/${signingRegion}/pricing/aws4_request`;
    if (!rec.authorization?.startsWith('AWS4-HMAC-SHA256 Credential=') || !rec.authorization.includes(scope)) {
      return invalid(`request not signed with SigV4 for ${scope}: ${rec.authorization}`);
    }
    if (!body.ServiceCode) return invalid('ServiceCode is required');
    if (body.FormatVersion !== 'aws_v1') return invalid(`FormatVersion must be aws_v1, got ${body.FormatVersion}`);
    if (body.MaxResults !== undefined && (body.MaxResults < 1 || body.MaxResults > 100)) {
      return invalid(`MaxResults must be 1–100, got ${body.MaxResults}`);
    }
    const filters = body.Filters ?? [];
    if (filters.some((f) => f.Type !== 'TERM_MATCH')) return invalid('only TERM_MATCH filters are expected');
    const field = regionField(body.ServiceCode);
    if (!filters.some((f) => f.Field === field)) return invalid(`expected a ${field} filter for ${body.ServiceCode}`);

    const fault = opts.fault?.(n, rec);
    if (fault) return sendAwsJson(res, fault.status ?? 400, { __type: fault.type, message: fault.message }, fault.type, fault.retryAfterMs !== undefined ? { 'x-amz-retry-after': String(fault.retryAfterMs) } : {});

    const matching = opts.documents.filter(
      (d) => d.serviceCode === body.ServiceCode && filters.every((f) => d.attributes[f.Field] === f.Value),
    );
    let offset = 0;
    if (body.NextToken !== undefined) {
      const m = /^page:(\d+)$/.exec(Buffer.from(body.NextToken, 'base64').toString('utf8'));
      if (!m) return sendAwsJson(res, 400, { __type: 'InvalidNextTokenException', message: 'The NextToken is invalid.' }, 'InvalidNextTokenException');
      offset = Number(m[1]);
    }
    const size = Math.min(pageSize, body.MaxResults ?? 100);
    const page = matching.slice(offset, offset + size);
    const next = offset + size < matching.length ? Buffer.from(`page:${offset + size}`).toString('base64') : undefined;
    sendAwsJson(res, 200, { FormatVersion: 'aws_v1', PriceList: page.map((d) => d.text), ...(next ? { NextToken: next } : {}) });
  };

  const { url, close } = await serveOnLoopback(handle, 'InternalErrorException');
  return { url, requests, protocolErrors, close };
}

/** Credentials that only the fake endpoint ever sees. */
export const FAKE_CREDENTIALS = { accessKeyId: 'AKIDTIERWISEFAKE0000', secretAccessKey: 'tierwise-fake-secret-key' } as const;

/** The same as environment variables, for the CLI. */
export const FAKE_AWS_ENV: Readonly<Record<string, string>> = {
  AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
};
