'use strict';
// Interop tests of the gateway's gRPC contract with @grpc/grpc-js, for node's built-in test runner.
//
// Driven by environment variables:
//   GATEWAY_H2C      host:port of the clear-text HTTP/2 endpoint (its cases are skipped when unset)
//   GATEWAY_TLS      host:port of the TLS endpoint (its cases are skipped when unset)
//   GATEWAY_CA       PEM file of the CA that issued the TLS endpoint's certificate (needed with GATEWAY_TLS)
//   GATEWAY_TLS_SERVER_NAME  optional name to verify in the server certificate instead of the host
//   GATEWAY_TOKEN    bearer token of a connected system (`gateway systems add --json` prints one); the
//                    cases that need it are skipped when unset
//   GATEWAY_TIMEOUT  deadline of every call in seconds (default 10)
//
// Run with:  node --test --test-reporter=tap interop.test.js     (from this folder, after npm ci)

const { describe, it, before, after } = require('node:test');
const client = require('./client.js');

const { grpc, statusName } = client;
const TIMEOUT_MS = process.env.GATEWAY_TIMEOUT
  ? Math.round(Number(process.env.GATEWAY_TIMEOUT) * 1000)
  : client.DEFAULT_TIMEOUT_MS;

const TOKEN = process.env.GATEWAY_TOKEN || null;
const NO_TOKEN = TOKEN ? false : 'GATEWAY_TOKEN is not set';
// The right shape (gw1_ + 16-character id + _ + 43-character secret) but issued by no gateway.
const UNKNOWN_TOKEN = `gw1_${'A'.repeat(16)}_${'A'.repeat(43)}`;
const MISSING_TOKEN_DETAILS = "missing bearer token: send metadata 'authorization: Bearer <token>' (gateway systems add prints one)";

function fail(transport, message) {
  throw new Error(`[${transport}] ${message}`);
}

/** Asserts that `promise` rejects with gRPC status `expected` (a number) and, if given, `details`. */
async function expectStatus(transport, what, promise, expected = grpc.status.UNIMPLEMENTED, details = null) {
  let result;
  try {
    result = await promise;
  } catch (err) {
    if (err.code !== expected) {
      fail(transport, `${what}: expected status ${statusName(expected)}, got ${statusName(err.code)}: ${JSON.stringify(err.details)}`);
    }
    if (details !== null && err.details !== details) {
      fail(transport, `${what}: expected details ${JSON.stringify(details)}, got ${JSON.stringify(err.details)}`);
    }
    return;
  }
  fail(transport, `${what}: expected status ${statusName(expected)}, but the call succeeded and returned ${JSON.stringify(result)}`);
}

async function expectServing(transport, conn, service) {
  let status;
  try {
    status = await client.checkHealth(conn, service, TIMEOUT_MS);
  } catch (err) {
    status = `error ${statusName(err.code)}: ${JSON.stringify(err.details)}`;
  }
  if (status !== 'SERVING') {
    fail(transport, `Health/Check service=${JSON.stringify(service)}: expected SERVING, got ${status}`);
  }
}

function interopCases(transport, open) {
  // `open` returns a connection, or a string saying why the transport's cases are skipped.
  const opened = open();
  const skip = typeof opened === 'string' ? opened : false;
  const conn = skip ? null : opened;

  describe(transport, () => {
    after(() => { if (conn) conn.close(); });

    it(`${transport} health_check_overall_serving`, { skip }, async () => {
      await expectServing(transport, conn, client.HEALTH_SERVICE_OVERALL);
    });

    it(`${transport} health_check_document_exchange_serving`, { skip }, async () => {
      await expectServing(transport, conn, client.HEALTH_SERVICE_EXCHANGE);
    });

    it(`${transport} health_watch_first_message_serving`, { skip }, async () => {
      let outcome;
      try {
        outcome = await client.watchFirstStatus(conn, client.HEALTH_SERVICE_OVERALL, TIMEOUT_MS);
      } catch (err) {
        fail(transport, `Health/Watch service="": expected a first message SERVING, got error ${statusName(err.code)}: ${JSON.stringify(err.details)}`);
      }
      if (outcome.first !== 'SERVING') {
        fail(transport, `Health/Watch service="": expected first message SERVING, got ${outcome.first === null ? `end of stream before any message (${statusName(outcome.endCode)})` : outcome.first}`);
      }
      if (outcome.endCode !== grpc.status.CANCELLED) {
        fail(transport, `Health/Watch after cancel: expected the call to end ${statusName(grpc.status.CANCELLED)}, got ${statusName(outcome.endCode)}`);
      }
    });

    // GetTrace with `metadata` (a grpc.Metadata), as a promise.
    const getTrace = (metadata) => new Promise((resolve, reject) => {
      conn.exchange.GetTrace({ document_id: '00000000-0000-0000-0000-000000000000' }, metadata,
        { deadline: Date.now() + TIMEOUT_MS }, (err, response) => (err ? reject(err) : resolve(response)));
    });

    it(`${transport} get_trace_without_token_unauthenticated`, { skip }, async () => {
      await expectStatus(transport, "DocumentExchange/GetTrace without metadata 'authorization'",
        getTrace(new grpc.Metadata()), grpc.status.UNAUTHENTICATED, MISSING_TOKEN_DETAILS);
    });

    it(`${transport} get_trace_bad_token_unauthenticated`, { skip }, async () => {
      await expectStatus(transport, 'DocumentExchange/GetTrace with a token no gateway issued',
        getTrace(client.bearerMetadata(UNKNOWN_TOKEN)), grpc.status.UNAUTHENTICATED, 'unknown token');
    });

    it(`${transport} get_trace_unimplemented`, { skip: skip || NO_TOKEN }, async () => {
      await expectStatus(transport, "DocumentExchange/GetTrace with the system's token",
        getTrace(client.bearerMetadata(TOKEN)));
    });

    it(`${transport} send_empty_request_invalid_argument`, { skip: skip || NO_TOKEN }, async () => {
      const call = new Promise((resolve, reject) => {
        conn.exchange.Send({}, client.bearerMetadata(TOKEN), { deadline: Date.now() + TIMEOUT_MS },
          (err, response) => (err ? reject(err) : resolve(response)));
      });
      await expectStatus(transport, "DocumentExchange/Send with an empty request and the system's token", call,
        grpc.status.INVALID_ARGUMENT);
    });

    it(`${transport} unknown_method_unimplemented`, { skip: skip || NO_TOKEN }, async () => {
      await expectStatus(transport, "/axis.v1.DocumentExchange/NoSuchMethod (generic unary call) with the system's token",
        client.callRaw(conn, '/axis.v1.DocumentExchange/NoSuchMethod', Buffer.alloc(0), TIMEOUT_MS, client.bearerMetadata(TOKEN)));
    });
  });
}

interopCases('h2c', () => {
  const address = process.env.GATEWAY_H2C;
  if (!address) return 'GATEWAY_H2C is not set';
  return client.connect(address);
});

interopCases('tls', () => {
  const address = process.env.GATEWAY_TLS;
  const ca = process.env.GATEWAY_CA;
  if (!address) return 'GATEWAY_TLS is not set';
  if (!ca) return 'GATEWAY_CA is not set (needed with GATEWAY_TLS)';
  return client.connect(address, { ca, serverName: process.env.GATEWAY_TLS_SERVER_NAME || null });
});
