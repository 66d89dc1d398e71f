/**
 * The fixed part of the report: how the numbers were taken and how to read them. Kept next to
 * the code so a change of method changes the text in the same commit.
 */
export const METHOD = `## How to read these numbers

- **Alternating rounds.** Every server runs in its own child process on 127.0.0.1 for the whole
  session; the load comes from autocannon in another process. After one unmeasured warm-up
  period per stack and endpoint, each round visits every stack and endpoint once, in the same
  order (A B C … A B C …). The machine is shared with other engineers' builds and test runs, so
  absolute req/s move from minute to minute; a slow minute hits the stacks of one round alike.
- **Ratios are paired.** "vs bare Express" and "vs bare routing-controllers" are the median,
  over rounds, of this stack's req/s divided by the baseline's req/s *in the same round*. They
  are the figures to compare; the req/s columns are medians of raw values and carry the noise.
- **CPU per request** is the server process's user + system CPU time during the period divided
  by the requests it answered. Contention barely changes it, so it is the steadiest figure here
  (on an idle machine every stack would show lower values, in about the same proportions).
- **RSS under load** is the median of the server's resident set size sampled every 250 ms over
  the second half of each period, then the median over rounds.
- **Micro benchmarks** time each pipeline step alone, in their own process, as the median of
  batches after a warm-up, by CPU time (wall time for the audit cases, which wait on the disk).
- **Every response is checked.** A period with a single non-2xx answer, error or timeout stops
  the run, and before any load each stack is probed (see the preflight table): the secured
  stacks must refuse a missing token, a forged token, another user's item, an unknown body
  field and a wrongly typed field.

## The stacks

All stacks serve the same in-memory items (one private item per user, so the GET's object-level
check decides through the ownership condition) and return the same JSON. The secured stacks
verify an HS256 JWT on every request (ES256 for the second Bulwark variant), build or fetch a
CASL ability with a condition, check it against the loaded item on GET, validate the five-field
body with class-validator rules on POST, and count every request against a rate limit set high
enough never to refuse during the run.

- **bare node:http** — hand-written routing and JSON; the ceiling.
- **bare Express** — \`express.json()\` and two routes.
- **bare routing-controllers** — the same two routes as a \`@JsonController\`, no validation and no
  class-transformer: what Bulwark hands routing-controllers underneath its own steps.
- **Bulwark** — \`useBulwark\` with the JWT bearer authenticator (verified-token cache on, as by
  default), \`@Authorize('read', 'Item', { load })\` on GET and \`@Authorize('create', 'Item')\` on
  POST, the DTO as \`@Body()\`, a class-level \`@RateLimit\` on the memory store, and the POST audited
  durably (the route answers after its event is committed) through \`AuditTrail\` and
  \`SqliteAuditSink\`, which writes the audit table on its own worker thread, on SQLite in WAL mode
  (observed \`PRAGMA synchronous\`: {SQLITE_SYNCHRONOUS}; 1 is NORMAL, where a commit survives a
  process crash and a power loss may take the last commits; 2 is FULL, a sync per commit). Transport hardening
  (request id, helmet headers) and problem+json errors are on, as in any Bulwark app.
- **Bulwark, audit off** — the same POST with \`audit: false\`, to show what the durable audit costs.
- **NestJS** — \`ThrottlerGuard\`, a jose JWT guard and a CASL policies guard as global guards (the
  ability built per request, as the NestJS documentation shows), the global \`ValidationPipe\`
  (whitelist, forbid unknown, transform), the object check in the handler; no audit.
- **hand-rolled Express** — express-rate-limit, a jose middleware, a CASL ability per request,
  class-transformer + class-validator on the body; no audit.

Both hand-secured stacks import the HS256 key once, the fastest jose path. Neither caches
verified tokens or abilities, as is usual for them. Bulwark does more per request than either
(request id, security headers, audit of the POST), and all of it is counted.`;
