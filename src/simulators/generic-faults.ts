/**
 * The faults that work the same for every API and are decided before or after the API's simulator
 * answers: an HTML error page, a redirect loop, a 429 storm, a burst of 503s, an undocumented 2xx
 * status. (Faults of the bytes on the wire are wire.ts's; hostile bodies, hostile-bodies.ts's.)
 */
import type { ApiSimulator, SimRequest, SimResponse } from './core.ts';
import type { FaultId } from './faults.ts';

const HTML_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>simulator</center>\r\n</body>\r\n</html>\r\n';

export class GenericFaults {
  /** transport.503-burst: requests seen per route (method and path). */
  private readonly burstCounts = new Map<string, number>();

  constructor(
    private readonly faults: ReadonlySet<FaultId>,
    /** transport.503-burst: how many requests per route fail before service resumes. */
    private readonly burst503: number,
  ) {}

  /** Generic faults apply to every API, so membership in the set is enough. */
  has(id: FaultId): boolean {
    return this.faults.has(id);
  }

  /**
   * The answer a generic fault gives instead of the simulator's, or undefined when none does.
   * `rawUrl` is the request target as sent (the redirect loop points back at it).
   */
  instead(
    simulator: ApiSimulator,
    req: SimRequest,
    route: { method: string | undefined; pathname: string; rawUrl: string | undefined },
  ): SimResponse | undefined {
    if (this.has('transport.html-error-page')) {
      return { status: 502, contentType: 'text/html', text: HTML_502 };
    }
    if (this.has('transport.redirect-loop')) {
      return { status: 307, headers: { location: route.rawUrl ?? '/' } };
    }
    if (this.has('transport.429-storm')) {
      return withHeaders(simulator.errorResponse(req, 429, 'Too many requests.'), { 'retry-after': '1' });
    }
    if (this.has('transport.503-burst') && this.burst(`${route.method} ${route.pathname}`)) {
      return withHeaders(simulator.errorResponse(req, 503, 'Service unavailable.'), { 'retry-after': '0' });
    }
    return undefined;
  }

  /** status.undocumented: a read's 2xx answer turns into 299. */
  after(answer: SimResponse): SimResponse {
    if (
      this.has('status.undocumented') &&
      answer.status >= 200 &&
      answer.status < 300 &&
      answer.operation?.writes === false
    ) {
      return { ...answer, status: 299 };
    }
    return answer;
  }

  /** Every route serves again (faults changed, or the set was reset). */
  resetBursts(): void {
    this.burstCounts.clear();
  }

  private burst(route: string): boolean {
    const seen = this.burstCounts.get(route) ?? 0;
    this.burstCounts.set(route, seen + 1);
    return seen < this.burst503;
  }
}

function withHeaders(answer: SimResponse, headers: Record<string, string>): SimResponse {
  return { ...answer, headers: { ...answer.headers, ...headers } };
}
