import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in of the Pact Broker's HTTP API (no Ruby, no Docker), enough for the real pact-cli
 * and the Pact Verifier: the HAL index, `POST /contracts/publish`, pacts fetched by URL, verification
 * results, environments, deployments and the matrix that can-i-deploy reads. It records every
 * request it receives so tests can assert on what the tools sent.
 */

export interface RecordedBrokerRequest {
  method: string;
  path: string;
  query: Record<string, string[]>;
  headers: Record<string, string>;
  body?: unknown;
}

export interface PublishedContract {
  consumer: string;
  provider: string;
  consumerVersion: string;
  branch?: string;
  tags: string[];
  /** The pact as published (decoded). */
  pact: Record<string, unknown>;
}

export interface VerificationRecord {
  provider: string;
  consumer: string;
  consumerVersion: string;
  providerVersion?: string;
  success: boolean;
  body: Record<string, unknown>;
}

export interface BrokerStandIn {
  url: string;
  requests: RecordedBrokerRequest[];
  published: PublishedContract[];
  verifications: VerificationRecord[];
  deployments: { pacticipant: string; version: string; environment: string }[];
  /** Versions put on a branch (the verifier records the provider's branch before publishing results). */
  branchVersions: { pacticipant: string; branch: string; version: string }[];
  /** Set the verification outcome can-i-deploy reports for a consumer version (default: from verifications). */
  setVerified(consumer: string, version: string, success: boolean): void;
  close(): Promise<void>;
}

export interface BrokerStandInOptions {
  /** When set, every request must carry `Authorization: Bearer <token>` (else 401). */
  token?: string;
  /** When set, every request must carry these basic-auth credentials (else 401). */
  basic?: { username: string; password: string };
  environments?: string[];
}

export async function startBrokerStandIn(options: BrokerStandInOptions = {}): Promise<BrokerStandIn> {
  const requests: RecordedBrokerRequest[] = [];
  const published: PublishedContract[] = [];
  const verifications: VerificationRecord[] = [];
  const deployments: BrokerStandIn['deployments'] = [];
  const branchVersions: BrokerStandIn['branchVersions'] = [];
  const verifiedOverride = new Map<string, boolean>();
  const environments = (options.environments ?? ['test', 'production']).map((name, i) => ({
    uuid: `env-${i + 1}`,
    name,
    displayName: name,
    production: name === 'production',
  }));
  let base = '';

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const url = new URL(req.url ?? '/', base);
      const query: Record<string, string[]> = {};
      for (const [k, v] of url.searchParams) query[k] = [...(query[k] ?? []), v];
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
      );
      requests.push({ method: req.method ?? 'GET', path: url.pathname, query, headers, body });
      if (!authorised(req)) return send(res, 401, { error: 'unauthorised' });
      route(req.method ?? 'GET', url, body, res);
    });
  });

  function authorised(req: IncomingMessage): boolean {
    const auth = req.headers.authorization ?? '';
    if (options.token) return auth === `Bearer ${options.token}`;
    if (options.basic) {
      const expected = Buffer.from(`${options.basic.username}:${options.basic.password}`).toString('base64');
      return auth === `Basic ${expected}`;
    }
    return true;
  }

  const link = (path: string, extra: Record<string, unknown> = {}) => ({
    href: `${base}${path}`,
    name: path,
    title: path,
    ...extra,
  });
  const enc = encodeURIComponent;
  const pactPath = (c: PublishedContract) =>
    `/pacts/provider/${enc(c.provider)}/consumer/${enc(c.consumer)}/version/${enc(c.consumerVersion)}`;

  function verificationOf(consumer: string, version: string, provider: string): boolean | undefined {
    const override = verifiedOverride.get(`${consumer}@${version}`);
    if (override !== undefined) return override;
    const found = verifications.filter(
      (v) => v.consumer === consumer && v.consumerVersion === version && v.provider === provider,
    );
    return found.length === 0 ? undefined : found.every((v) => v.success);
  }

  function route(method: string, url: URL, body: unknown, res: ServerResponse) {
    const path = url.pathname;
    if (method === 'GET' && path === '/') {
      return send(res, 200, {
        _links: {
          self: link('/'),
          'pb:publish-contracts': link('/contracts/publish', { title: 'Publish contracts' }),
          'pb:pacticipants': link('/pacticipants'),
          'pb:pacticipant': link('/pacticipants/{pacticipant}', { templated: true }),
          'pb:pacticipant-version': link('/pacticipants/{pacticipant}/versions/{version}', {
            templated: true,
          }),
          'pb:environments': link('/environments'),
          'pb:environment': link('/environments/{uuid}', { templated: true }),
          'pb:latest-pact-versions': link('/pacts/latest'),
          'pb:provider-pacts-for-verification': link('/pacts/provider/{provider}/for-verification', {
            templated: true,
          }),
          'pb:matrix': link('/matrix'),
          curies: [{ name: 'pb', href: link('/doc/{rel}?context=index').href, templated: true }],
        },
      });
    }
    if (method === 'POST' && path === '/contracts/publish') return publish(body as PublishBody, res);
    if (method === 'GET' && path === '/environments') {
      return send(res, 200, {
        _embedded: {
          environments: environments.map((e) => ({
            ...e,
            _links: { self: link(`/environments/${e.uuid}`) },
          })),
        },
        _links: { self: link('/environments') },
      });
    }
    const env = /^\/environments\/([^/]+)$/.exec(path);
    if (method === 'GET' && env) {
      const e = environments.find((x) => x.uuid === env[1]);
      return e
        ? send(res, 200, { ...e, _links: { self: link(path) } })
        : send(res, 404, { error: 'no such environment' });
    }
    const pacticipant = /^\/pacticipants\/([^/]+)$/.exec(path);
    if (method === 'GET' && pacticipant) {
      const name = decodeURIComponent(pacticipant[1]!);
      return send(res, 200, {
        name,
        _links: {
          self: link(path, { name }),
          'pb:branch-version': link(`/pacticipants/${enc(name)}/branches/{branch}/versions/{version}`, {
            templated: true,
          }),
        },
      });
    }
    const branchVersion = /^\/pacticipants\/([^/]+)\/branches\/([^/]+)\/versions\/([^/]+)$/.exec(path);
    if (method === 'PUT' && branchVersion) {
      const [name, branch, number] = branchVersion.slice(1).map((x) => decodeURIComponent(x));
      branchVersions.push({ pacticipant: name!, branch: branch!, version: number! });
      return send(res, 201, { name: branch, _links: { self: link(path) } });
    }
    const version = /^\/pacticipants\/([^/]+)\/versions\/([^/]+)$/.exec(path);
    if (method === 'GET' && version) {
      const [pacticipant, number] = [decodeURIComponent(version[1]!), decodeURIComponent(version[2]!)];
      return send(res, 200, {
        number,
        _links: {
          self: link(path),
          'pb:record-deployment': environments.map((e) =>
            link(
              `/pacticipants/${enc(pacticipant)}/versions/${enc(number)}/deployed-versions/environment/${e.uuid}`,
              {
                name: e.name,
                title: `Record deployment to ${e.displayName}`,
              },
            ),
          ),
        },
      });
    }
    const deploy =
      /^\/pacticipants\/([^/]+)\/versions\/([^/]+)\/deployed-versions\/environment\/([^/]+)$/.exec(path);
    if (method === 'POST' && deploy) {
      const e = environments.find((x) => x.uuid === deploy[3]);
      if (!e) return send(res, 404, { error: 'no such environment' });
      deployments.push({
        pacticipant: decodeURIComponent(deploy[1]!),
        version: decodeURIComponent(deploy[2]!),
        environment: e.name,
      });
      return send(res, 201, {
        uuid: `dep-${deployments.length}`,
        currentlyDeployed: true,
        _links: { self: link(path) },
      });
    }
    const pact = /^\/pacts\/provider\/([^/]+)\/consumer\/([^/]+)\/version\/([^/]+)$/.exec(path);
    if (method === 'GET' && pact) {
      const [provider, consumer, consumerVersion] = pact.slice(1).map((s) => decodeURIComponent(s));
      const found = published.findLast(
        (c) => c.provider === provider && c.consumer === consumer && c.consumerVersion === consumerVersion,
      );
      if (!found) return send(res, 404, { error: 'no such pact' });
      return send(res, 200, {
        ...found.pact,
        _links: {
          self: link(path),
          'pb:provider': link(`/pacticipants/${enc(provider!)}`, { name: provider }),
          'pb:publish-verification-results': link(`${path}/verification-results`, {
            title: 'Publish verification results',
          }),
        },
      });
    }
    const results =
      /^\/pacts\/provider\/([^/]+)\/consumer\/([^/]+)\/version\/([^/]+)\/verification-results$/.exec(path);
    if (method === 'POST' && results) {
      const [provider, consumer, consumerVersion] = results.slice(1).map((s) => decodeURIComponent(s));
      const b = (body ?? {}) as Record<string, unknown>;
      verifications.push({
        provider: provider!,
        consumer: consumer!,
        consumerVersion: consumerVersion!,
        providerVersion: b.providerApplicationVersion as string | undefined,
        success: b.success === true,
        body: b,
      });
      return send(res, 201, {
        success: b.success,
        _links: { self: link(`${path}/${verifications.length}`) },
      });
    }
    const forVerification = /^\/pacts\/provider\/([^/]+)\/for-verification$/.exec(path);
    // The verifier GETs the resource first (its links), then POSTs the selectors to it.
    if (method === 'GET' && forVerification) return send(res, 200, { _links: { self: link(path) } });
    if (method === 'POST' && forVerification) {
      // The latest pact of each consumer for this provider (the stand-in ignores the selectors' detail).
      const provider = decodeURIComponent(forVerification[1]!);
      const latest = new Map<string, PublishedContract>();
      for (const c of published) if (c.provider === provider) latest.set(c.consumer, c);
      return send(res, 200, {
        _embedded: {
          pacts: [...latest.values()].map((c) => ({
            shortDescription: `latest pact of ${c.consumer}`,
            verificationProperties: {
              pending: false,
              notices: [
                { when: 'before_verification', text: `verifying ${c.consumer} ${c.consumerVersion}` },
              ],
            },
            _links: {
              self: link(pactPath(c), {
                name: `Pact between ${c.consumer} (${c.consumerVersion}) and ${c.provider}`,
              }),
            },
          })),
        },
        _links: { self: link(path) },
      });
    }
    if (method === 'GET' && path === '/matrix') return matrix(url, res);
    return send(res, 404, { error: `the stand-in has no route for ${method} ${path}` });
  }

  interface PublishBody {
    pacticipantName: string;
    pacticipantVersionNumber: string;
    branch?: string;
    tags?: string[];
    contracts: { consumerName: string; providerName: string; content: string; contentType: string }[];
  }

  function publish(body: PublishBody, res: ServerResponse) {
    if (!body?.pacticipantName || !body.pacticipantVersionNumber || !Array.isArray(body.contracts)) {
      return send(res, 400, {
        errors: { body: ['pacticipantName, pacticipantVersionNumber and contracts are required'] },
      });
    }
    const added: PublishedContract[] = body.contracts.map((c) => ({
      consumer: c.consumerName,
      provider: c.providerName,
      consumerVersion: body.pacticipantVersionNumber,
      branch: body.branch,
      tags: body.tags ?? [],
      pact: JSON.parse(Buffer.from(c.content, 'base64').toString('utf8')) as Record<string, unknown>,
    }));
    published.push(...added);
    const versionPath = `/pacticipants/${enc(body.pacticipantName)}/versions/${enc(body.pacticipantVersionNumber)}`;
    send(res, 200, {
      notices: added.map((c) => ({
        type: 'success',
        text: `Pact published for ${c.consumer} → ${c.provider}`,
      })),
      logs: added.map((c) => ({
        level: 'info',
        message: `Pact published for ${c.consumer} → ${c.provider}`,
        deprecationWarning: '',
      })),
      _embedded: {
        pacticipant: {
          name: body.pacticipantName,
          _links: {
            self: link(`/pacticipants/${enc(body.pacticipantName)}`, { name: body.pacticipantName }),
          },
        },
        version: {
          number: body.pacticipantVersionNumber,
          branch: body.branch,
          _links: { self: link(versionPath, { name: body.pacticipantVersionNumber }) },
        },
      },
      _links: {
        'pb:pacticipant': link(`/pacticipants/${enc(body.pacticipantName)}`, { name: body.pacticipantName }),
        'pb:pacticipant-version': link(versionPath, { name: body.pacticipantVersionNumber }),
        'pb:pacticipant-version-tags': (body.tags ?? []).map((t) =>
          link(`${versionPath}/tags/${enc(t)}`, { name: t }),
        ),
        'pb:contracts': added.map((c) =>
          link(pactPath(c), { name: `Pact between ${c.consumer} and ${c.provider}` }),
        ),
      },
    });
  }

  /** The matrix for one pacticipant version: a row per pact it published, verified or not. */
  function matrix(url: URL, res: ServerResponse) {
    const params = [...url.searchParams];
    const pacticipant = params.find(([k]) =>
      /q\]?\[?\d*\]?\[pacticipant\]$|^q\[\]\[pacticipant\]$/.test(k),
    )?.[1];
    const version = params.find(([k]) => /\[version\]$/.test(k))?.[1];
    const rows = published
      .filter((c) => c.consumer === pacticipant && (version === undefined || c.consumerVersion === version))
      .map((c) => {
        const verified = verificationOf(c.consumer, c.consumerVersion, c.provider);
        return {
          consumer: { name: c.consumer, version: { number: c.consumerVersion } },
          provider: { name: c.provider, version: verified === undefined ? null : { number: 'provider-1' } },
          pact: { createdAt: new Date(0).toISOString(), _links: { self: link(pactPath(c)) } },
          verificationResult:
            verified === undefined
              ? null
              : {
                  success: verified,
                  verifiedAt: new Date(0).toISOString(),
                  _links: { self: link(`${pactPath(c)}/verification-results/1`) },
                },
        };
      });
    const success = rows.filter((r) => r.verificationResult?.success === true).length;
    const failed = rows.filter((r) => r.verificationResult?.success === false).length;
    const unknown = rows.filter((r) => r.verificationResult === null).length;
    const deployable = rows.length > 0 && failed === 0 && unknown === 0;
    const reason = deployable
      ? 'All required verification results are published and successful'
      : rows.length === 0
        ? `There is no published pact for ${pacticipant} ${version ?? ''}`.trim()
        : 'One or more verification results are missing or failed';
    send(res, 200, {
      summary: { deployable, reason, success, failed, unknown },
      notices: [{ type: deployable ? 'success' : 'warning', text: reason }],
      matrix: rows,
    });
  }

  function send(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/hal+json',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    published,
    verifications,
    deployments,
    branchVersions,
    setVerified(consumer, v, success) {
      verifiedOverride.set(`${consumer}@${v}`, success);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
