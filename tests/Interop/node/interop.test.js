'use strict';
// Interop tests of the gateway's gRPC contract with @grpc/grpc-js, for node's built-in test runner.
//
// Driven by environment variables:
//   GATEWAY_H2C      host:port of the clear-text HTTP/2 endpoint (its cases are skipped when unset)
//   GATEWAY_TLS      host:port of the TLS endpoint (its cases are skipped when unset)
//   GATEWAY_CA       PEM file of the CA that issued the TLS endpoint's certificate (needed with GATEWAY_TLS)
//   GATEWAY_TLS_SERVER_NAME  optional name to verify in the server certificate instead of the host
//   GATEWAY_TOKEN    bearer token of a connected system (`gateway systems add --json` prints one); the
//                    cases that need it are skipped when unset. The document cases send as this system.
//   GATEWAY_SENDER_ORG       the organisation GATEWAY_TOKEN's system is registered for (default 000.00.00.G22)
//   GATEWAY_RECIPIENT_TOKEN  bearer token of a second system, registered for GATEWAY_RECIPIENT_ORG; the
//                            cases that receive documents are skipped when unset
//   GATEWAY_RECIPIENT_ORG    the organisation documents are sent to (default 000.00.00.H41)
//   GATEWAY_SIGNER_CERT      PEM certificate of GATEWAY_SENDER_ORG's RSA signing key (`gateway pki
//                            issue-org CODE --key-type rsa-2048` makes one); with GATEWAY_SIGNER_KEY,
//                            every header sent is signed with it. Both unset: headers go unsigned,
//                            which only a gateway run with Signatures:Required=false accepts.
//   GATEWAY_SIGNER_KEY       its private key (PEM, unencrypted)
//   GATEWAY_TIMEOUT  deadline of every call in seconds (default 10)
//
// Run with:  node --test --test-reporter=tap interop.test.js     (from this folder, after npm ci)

const crypto = require('node:crypto');
const fs = require('node:fs');
const { describe, it, after } = require('node:test');
const client = require('./client.js');

const { grpc, statusName } = client;
const TIMEOUT_MS = process.env.GATEWAY_TIMEOUT
  ? Math.round(Number(process.env.GATEWAY_TIMEOUT) * 1000)
  : client.DEFAULT_TIMEOUT_MS;

const TOKEN = process.env.GATEWAY_TOKEN || null;
const NO_TOKEN = TOKEN ? false : 'GATEWAY_TOKEN is not set';
// The right shape (gw1_ + 16-character id + _ + 43-character secret) but issued by no gateway.
const UNKNOWN_TOKEN = `gw1_${'A'.repeat(16)}_${'A'.repeat(43)}`;
const SENDER_ORG = process.env.GATEWAY_SENDER_ORG || '000.00.00.G22';
const RECIPIENT_ORG = process.env.GATEWAY_RECIPIENT_ORG || '000.00.00.H41';
const RECIPIENT_TOKEN = process.env.GATEWAY_RECIPIENT_TOKEN || null;
const NO_RECIPIENT = RECIPIENT_TOKEN ? false : 'GATEWAY_RECIPIENT_TOKEN is not set';
// A well-formed organisation code that the sample registry does not hold.
const UNKNOWN_ORG = process.env.GATEWAY_UNKNOWN_ORG || '000.00.00.H99';
// Client references must be unique per sender organisation: every reference this run makes carries
// this suffix, the client ("node"), the transport and the case, so reruns and the Python suite never collide.
const RUN_ID = crypto.randomBytes(6).toString('hex');
const SUBJECT = 'Về việc triển khai trục liên thông văn bản quốc gia';
// What the recipient reports after receiving a document: 03, entered in the incoming register.
const ACCEPTED_DESCRIPTION = 'Đã vào sổ công văn đến';
const CLERK = { department: 'Văn thư', staff: 'Nguyễn Thị Hoà', email: 'vanthu@example.gov.vn' };
const MISSING_TOKEN_DETAILS = "missing bearer token: send metadata 'authorization: Bearer <token>' (gateway systems add prints one)";

/**
 * { certificatePem, privateKeyPem } from GATEWAY_SIGNER_CERT and GATEWAY_SIGNER_KEY, or null when both
 * are unset. Only one of them set is a mistake worth stopping for, not a reason to send unsigned.
 */
function readSigner() {
  const certFile = process.env.GATEWAY_SIGNER_CERT || null;
  const keyFile = process.env.GATEWAY_SIGNER_KEY || null;
  if (!certFile && !keyFile) return null;
  if (!certFile || !keyFile) throw new Error('set both GATEWAY_SIGNER_CERT and GATEWAY_SIGNER_KEY, or neither');
  return { certificatePem: fs.readFileSync(certFile, 'utf8'), privateKeyPem: fs.readFileSync(keyFile, 'utf8') };
}

// Every header the cases send is signed with this, when set.
const SIGNER = readSigner();
const NO_SIGNER = SIGNER ? false : 'GATEWAY_SIGNER_CERT and GATEWAY_SIGNER_KEY are not set';

/** The sending organisation's detached signature of `headerBytes`; empty with no signer set. */
function sign(headerBytes) {
  return SIGNER ? client.signHeader(headerBytes, SIGNER.certificatePem, SIGNER.privateKeyPem) : Buffer.alloc(0);
}

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

/** Awaits `promise`; a gRPC error fails the case with its status and details. */
async function expectOk(transport, what, promise) {
  try {
    return await promise;
  } catch (err) {
    if (err.code === undefined) throw err;
    return fail(transport, `${what}: expected OK, got ${statusName(err.code)}: ${JSON.stringify(err.details)}`);
  }
}

function expectEqual(transport, what, actual, expected) {
  if (actual !== expected) fail(transport, `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

function expectSameBytes(transport, what, actual, expected) {
  if (!Buffer.isBuffer(actual) || !actual.equals(expected)) {
    const got = Buffer.isBuffer(actual) ? `${actual.length} bytes, SHA-256 ${client.sha256(actual).toString('hex')}` : typeof actual;
    fail(transport, `${what}: expected the ${expected.length} bytes sent (SHA-256 ${client.sha256(expected).toString('hex')}), got ${got}`);
  }
}

/** A few KB that look like a small PDF, with random bytes so every document differs. */
function newPayload() {
  return Buffer.concat([
    Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\nstream\n', 'latin1'),
    crypto.randomBytes(4096),
    Buffer.from('\nendstream\n%%EOF\n', 'latin1'),
  ]);
}

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

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

    // --- documents: the sender (GATEWAY_TOKEN) sends to RECIPIENT_ORG, whose system pulls and acks ---

    const reference = (name) => `interop-node-${transport}-${name}-${RUN_ID}`;
    const headerBytesFor = (name, payload, { recipients = [RECIPIENT_ORG], subject = SUBJECT } = {}) =>
      client.encodeHeader(client.newHeader({
        sender: SENDER_ORG, recipients, clientReference: reference(name), payload, subject,
        contentType: 'application/pdf', fileName: 'cong-van.pdf',
      }));
    const send = (what, headerBytes, signature, payload) =>
      expectOk(transport, what, client.sendDocument(conn, TOKEN, headerBytes, payload, { signature, timeoutMs: TIMEOUT_MS }));

    /** Sends a fresh signed document; resolves to { headerBytes, signature, payload, receipt }. */
    async function sendNew(name) {
      const payload = newPayload();
      const headerBytes = headerBytesFor(name, payload); // serialized once, signed and sent as is
      const signature = sign(headerBytes);
      const receipt = await send(`Send of a new document (${name})`, headerBytes, signature, payload);
      return { headerBytes, signature, payload, receipt };
    }

    /**
     * Pulls for `org` until a delivery satisfying `wanted` turns up or the deadline passes. Every delivery
     * pulled is acknowledged, so nothing stays leased for later cases. Resolves to { delivery, result }.
     */
    async function pullUntil(who, token, org, wanted) {
      const deadline = Date.now() + TIMEOUT_MS;
      let others = 0;
      for (;;) {
        const deliveries = await expectOk(transport, `Pull by the ${who} for ${org}`,
          client.pull(conn, token, [org], 100, TIMEOUT_MS));
        const found = deliveries.find(wanted);
        others += deliveries.length - (found ? 1 : 0);
        if (deliveries.length > 0) {
          const results = await expectOk(transport, `Ack by the ${who} of ${deliveries.length} deliveries`,
            client.ack(conn, token, deliveries.map((d) => d.delivery_id), TIMEOUT_MS));
          if (found) return { delivery: found, result: results.find((r) => r.delivery_id === found.delivery_id) };
        } else if (Date.now() >= deadline) {
          fail(transport, `Pull by the ${who} for ${org}: the wanted delivery did not arrive within ${TIMEOUT_MS} ms (${others} other deliveries pulled and acknowledged)`);
        } else {
          await sleep(200);
        }
      }
    }

    const receiveDocument = (documentId) => pullUntil('recipient', RECIPIENT_TOKEN, RECIPIENT_ORG,
      (d) => d.content === 'document' && d.document.document_id === documentId);

    // --- Exchange streams: every one is opened with the deadline TIMEOUT_MS and cancelled in a finally ---

    /** The next message on `stream`; fails when the stream ends or fails first, or the kind differs. */
    async function receiveOn(stream, who, expectedKind = null, waitingFor = 'a message') {
      let response;
      try {
        response = await stream.next();
      } catch (err) {
        if (err.code === undefined) throw err;
        fail(transport, `Exchange stream of the ${who}: expected ${waitingFor}, the stream failed with ${statusName(err.code)}: ${JSON.stringify(err.details)}`);
      }
      if (response === null) fail(transport, `Exchange stream of the ${who}: expected ${waitingFor}, the stream ended (OK)`);
      if (expectedKind !== null && response.kind !== expectedKind) {
        fail(transport, `Exchange stream of the ${who}: expected ${expectedKind}, got ${response.kind}: ${JSON.stringify(response)}`);
      }
      return response;
    }

    async function subscribe(stream, who, orgCodes, credits, expectedCodes) {
      stream.subscribe(orgCodes, credits);
      const { subscribed } = await receiveOn(stream, who, 'subscribed');
      expectEqual(transport, `Exchange of the ${who}: subscribed.org_codes`,
        JSON.stringify([...subscribed.org_codes].sort()), JSON.stringify([...expectedCodes].sort()));
    }

    /**
     * Reads pushed deliveries until one satisfies `wanted`; resolves to { delivery, others }. Every other
     * delivery is acknowledged on the stream and replaced by one more credit, so one delivery at most is
     * in flight; `settled` answers for those are passed over. The stream's deadline bounds the wait.
     */
    async function exchangeUntil(stream, who, wanted) {
      const others = [];
      for (;;) {
        const response = await receiveOn(stream, who, null,
          `the wanted delivery within the stream's deadline of ${TIMEOUT_MS} ms (${others.length} other deliveries pushed and acknowledged)`);
        if (response.kind === 'settled') continue;
        if (response.kind !== 'delivery') fail(transport, `Exchange stream of the ${who}: expected delivery or settled, got ${response.kind}`);
        if (wanted(response.delivery)) return { delivery: response.delivery, others };
        others.push(response.delivery);
        stream.settle(response.delivery.delivery_id, 'OUTCOME_ACK');
        stream.credit(1);
      }
    }

    /** Acknowledges `delivery` on the stream; resolves to the `settled` answer for it (anything else pushed meanwhile is acknowledged too). */
    async function settleOn(stream, who, delivery) {
      stream.settle(delivery.delivery_id, 'OUTCOME_ACK');
      for (;;) {
        const response = await receiveOn(stream, who);
        if (response.kind === 'settled' && response.settled.delivery_id === delivery.delivery_id) return response.settled;
        if (response.kind === 'delivery') stream.settle(response.delivery.delivery_id, 'OUTCOME_ACK');
        else if (response.kind !== 'settled') fail(transport, `Exchange stream of the ${who}: expected settled, got ${response.kind}`);
      }
    }

    /** Half-closes the stream and expects the server to end it with OK. */
    async function closeCleanly(stream, who) {
      try {
        await stream.close();
      } catch (err) {
        if (err.code === undefined) throw err;
        fail(transport, `Exchange stream of the ${who}: after the client half-closed it, expected the stream to end OK, got ${statusName(err.code)}: ${JSON.stringify(err.details)}`);
      }
      expectEqual(transport, `Exchange stream of the ${who}: final status`, stream.status && stream.status.code, grpc.status.OK);
    }

    function expectApplied(what, result) {
      if (!result) fail(transport, `${what}: the Ack answer has no result for the delivery`);
      if (result.applied !== true) fail(transport, `${what}: expected applied true, got false: ${JSON.stringify(result.detail)}`);
    }

    it(`${transport} get_trace_returns_events`, { skip: skip || NO_TOKEN }, async () => {
      const { headerBytes, signature, receipt } = await sendNew('trace');
      const trace = await expectOk(transport, `GetTrace of document ${receipt.document_id} by its sender`,
        client.unary(conn, 'GetTrace', { document_id: receipt.document_id }, TOKEN, TIMEOUT_MS));
      const where = `GetTrace of document ${receipt.document_id}`;
      expectEqual(transport, `${where}: document_id`, trace.document_id, receipt.document_id);
      expectSameBytes(transport, `${where}: header bytes`, trace.header && trace.header.header, headerBytes);
      expectSameBytes(transport, `${where}: signature`, trace.header && trace.header.signature, signature);
      if (trace.events.length === 0) fail(transport, `${where}: no events`);
      const kinds = trace.events.map((e) => e.kind);
      if (kinds.some((k) => !k)) fail(transport, `${where}: an event without a kind: ${JSON.stringify(kinds)}`);
      const sequences = trace.events.map((e) => BigInt(e.sequence));
      if (sequences.some((q, i) => i > 0 && q < sequences[i - 1])) {
        fail(transport, `${where}: events out of order: ${sequences.join(', ')}`);
      }
    });

    it(`${transport} send_empty_request_invalid_argument`, { skip: skip || NO_TOKEN }, async () => {
      const call = new Promise((resolve, reject) => {
        conn.exchange.Send({}, client.bearerMetadata(TOKEN), { deadline: Date.now() + TIMEOUT_MS },
          (err, response) => (err ? reject(err) : resolve(response)));
      });
      await expectStatus(transport, "DocumentExchange/Send with an empty request and the system's token", call,
        grpc.status.INVALID_ARGUMENT);
    });

    it(`${transport} send_document_returns_receipt`, { skip: skip || NO_TOKEN }, async () => {
      const { headerBytes, receipt } = await sendNew('receipt');
      if (!receipt.document_id) fail(transport, 'Send: receipt.document_id is empty');
      if (!(BigInt(receipt.sequence) > 0n)) fail(transport, `Send: expected receipt.sequence > 0, got ${receipt.sequence}`);
      expectSameBytes(transport, 'Send: receipt.header_digest (SHA-256 of the header bytes)', receipt.header_digest,
        client.sha256(headerBytes));
      expectEqual(transport, 'Send: receipt.duplicate of a first send', receipt.duplicate, false);
      if (!receipt.accepted_at) fail(transport, 'Send: receipt.accepted_at is missing');
    });

    it(`${transport} send_retry_returns_original_receipt`, { skip: skip || NO_TOKEN }, async () => {
      const { headerBytes, signature, payload, receipt: first } = await sendNew('retry');
      const again = await send('Send again with the same reference, header bytes and signature', headerBytes, signature, payload);
      expectEqual(transport, 'Send retry: duplicate', again.duplicate, true);
      expectEqual(transport, 'Send retry: document_id', again.document_id, first.document_id);
      expectEqual(transport, 'Send retry: sequence', again.sequence, first.sequence);
      expectSameBytes(transport, 'Send retry: header_digest', again.header_digest, first.header_digest);
    });

    it(`${transport} send_reused_reference_other_header_already_exists`, { skip: skip || NO_TOKEN }, async () => {
      const { payload, receipt } = await sendNew('reused');
      const other = headerBytesFor('reused', payload, { subject: `${SUBJECT} (bản sửa)` });
      await expectStatus(transport, `Send of another header with the client reference of document ${receipt.document_id}`,
        client.sendDocument(conn, TOKEN, other, payload, { signature: sign(other), timeoutMs: TIMEOUT_MS }), grpc.status.ALREADY_EXISTS);
    });

    it(`${transport} send_unknown_recipient_not_found`, { skip: skip || NO_TOKEN }, async () => {
      const payload = newPayload();
      const headerBytes = headerBytesFor('unknown', payload, { recipients: [UNKNOWN_ORG] });
      const what = `Send to the unregistered recipient ${UNKNOWN_ORG}`;
      let error = null;
      try {
        await client.sendDocument(conn, TOKEN, headerBytes, payload, { signature: sign(headerBytes), timeoutMs: TIMEOUT_MS });
      } catch (err) {
        error = err;
      }
      if (!error) fail(transport, `${what}: expected ${statusName(grpc.status.NOT_FOUND)}, but the call succeeded`);
      if (error.code !== grpc.status.NOT_FOUND) {
        fail(transport, `${what}: expected ${statusName(grpc.status.NOT_FOUND)}, got ${statusName(error.code)}: ${JSON.stringify(error.details)}`);
      }
      if (!String(error.details).includes(UNKNOWN_ORG)) {
        fail(transport, `${what}: the details do not name the code: ${JSON.stringify(error.details)}`);
      }
    });

    // Only with a signer set: that is how the suite is told the gateway requires signatures.
    it(`${transport} send_unsigned_invalid_argument_missing`, { skip: skip || NO_TOKEN || NO_SIGNER }, async () => {
      const payload = newPayload();
      const headerBytes = headerBytesFor('unsigned', payload);
      const what = 'Send of a header without a signature';
      let error = null;
      try {
        await client.sendDocument(conn, TOKEN, headerBytes, payload, { timeoutMs: TIMEOUT_MS });
      } catch (err) {
        error = err;
      }
      if (!error) fail(transport, `${what}: expected ${statusName(grpc.status.INVALID_ARGUMENT)}, but the call succeeded`);
      if (error.code !== grpc.status.INVALID_ARGUMENT) {
        fail(transport, `${what}: expected ${statusName(grpc.status.INVALID_ARGUMENT)}, got ${statusName(error.code)}: ${JSON.stringify(error.details)}`);
      }
      expectEqual(transport, `${what}: trailer signature-failure`, client.signatureFailure(error), 'missing');
    });

    it(`${transport} pull_ack_receives_exact_bytes`, { skip: skip || NO_TOKEN || NO_RECIPIENT }, async () => {
      const { headerBytes, signature, payload, receipt } = await sendNew('pull');
      const { delivery, result } = await receiveDocument(receipt.document_id);
      const where = `delivery ${delivery.delivery_id} of document ${receipt.document_id}`;
      expectEqual(transport, `${where}: recipient`, delivery.recipient, RECIPIENT_ORG);
      if (!(delivery.attempt >= 1)) fail(transport, `${where}: expected attempt >= 1, got ${delivery.attempt}`);
      const doc = delivery.document;
      expectSameBytes(transport, `${where}: header bytes`, doc.header && doc.header.header, headerBytes);
      expectSameBytes(transport, `${where}: signature`, doc.header && doc.header.signature, signature);
      expectSameBytes(transport, `${where}: payload (fetch_handle ${JSON.stringify(doc.fetch_handle)})`, doc.payload, payload);
      expectApplied(`Ack of ${where}`, result);
    });

    it(`${transport} sender_receives_arrived_status`, { skip: skip || NO_TOKEN || NO_RECIPIENT }, async () => {
      const { receipt } = await sendNew('status');
      const received = await receiveDocument(receipt.document_id);
      expectApplied(`Ack by the recipient of document ${receipt.document_id}`, received.result);
      const { delivery, result } = await pullUntil('sender', TOKEN, SENDER_ORG,
        (d) => d.content === 'status' && d.status.document_id === receipt.document_id);
      const where = `status delivery ${delivery.delivery_id} on document ${receipt.document_id}`;
      expectEqual(transport, `${where}: code`, delivery.status.code, 'DOCUMENT_STATUS_ARRIVED');
      expectEqual(transport, `${where}: from_org`, delivery.status.from_org, RECIPIENT_ORG);
      expectEqual(transport, `${where}: to_org`, delivery.status.to_org, SENDER_ORG);
      expectEqual(transport, `${where}: recipient`, delivery.recipient, SENDER_ORG);
      expectApplied(`Ack of ${where}`, result);
    });

    it(`${transport} exchange_receives_pushed_document_with_credits`, { skip: skip || NO_TOKEN || NO_RECIPIENT }, async () => {
      const stream = client.openExchange(conn, RECIPIENT_TOKEN, TIMEOUT_MS);
      try {
        await subscribe(stream, 'recipient', [RECIPIENT_ORG], 1, [RECIPIENT_ORG]);
        // Subscribed first, then sent: the document is pushed as it is committed.
        const { headerBytes, signature, payload, receipt } = await sendNew('exchange');
        const { delivery, others } = await exchangeUntil(stream, 'recipient',
          (d) => d.content === 'document' && d.document.document_id === receipt.document_id);
        const where = `pushed delivery ${delivery.delivery_id} of document ${receipt.document_id} (after ${others.length} others, acknowledged)`;
        expectEqual(transport, `${where}: recipient`, delivery.recipient, RECIPIENT_ORG);
        if (!(delivery.attempt >= 1)) fail(transport, `${where}: expected attempt >= 1, got ${delivery.attempt}`);
        if (!delivery.lease_expires_at) fail(transport, `${where}: lease_expires_at is missing`);
        const doc = delivery.document;
        expectSameBytes(transport, `${where}: header bytes`, doc.header && doc.header.header, headerBytes);
        expectSameBytes(transport, `${where}: signature`, doc.header && doc.header.signature, signature);
        expectSameBytes(transport, `${where}: payload (fetch_handle ${JSON.stringify(doc.fetch_handle)})`, doc.payload, payload);
        const settled = await settleOn(stream, 'recipient', delivery);
        if (settled.applied !== true) fail(transport, `${where}: expected settled.applied true, got false: ${JSON.stringify(settled.detail)}`);
        await closeCleanly(stream, 'recipient');
      } finally {
        stream.cancel();
      }
    });

    it(`${transport} exchange_first_message_not_subscribe_invalid_argument`, { skip: skip || NO_TOKEN }, async () => {
      const stream = client.openExchange(conn, TOKEN, TIMEOUT_MS);
      try {
        stream.credit(1); // the stream stays open: the server must judge this first message
        await expectStatus(transport, 'Exchange opened with credit instead of subscribe', stream.next(),
          grpc.status.INVALID_ARGUMENT);
      } finally {
        stream.cancel();
      }
    });

    it(`${transport} update_status_reaches_sender`, { skip: skip || NO_TOKEN || NO_RECIPIENT }, async () => {
      const { receipt } = await sendNew('update');
      const received = await receiveDocument(receipt.document_id);
      expectApplied(`Ack by the recipient of document ${receipt.document_id}`, received.result);
      const statusId = await expectOk(transport, `UpdateStatus 03 by ${RECIPIENT_ORG} on document ${receipt.document_id}`,
        client.updateStatus(conn, RECIPIENT_TOKEN, {
          documentId: receipt.document_id, fromOrg: RECIPIENT_ORG, code: 'DOCUMENT_STATUS_ACCEPTED',
          description: ACCEPTED_DESCRIPTION, staff: CLERK,
        }, TIMEOUT_MS));
      if (!statusId) fail(transport, 'UpdateStatus: status_id is empty');
      // The sender takes it from its own Exchange stream, for all of its codes.
      const stream = client.openExchange(conn, TOKEN, TIMEOUT_MS);
      try {
        await subscribe(stream, 'sender', [], 1, [SENDER_ORG]);
        const { delivery, others } = await exchangeUntil(stream, 'sender',
          (d) => d.content === 'status' && d.status.document_id === receipt.document_id && d.status.code === 'DOCUMENT_STATUS_ACCEPTED');
        const where = `status delivery ${delivery.delivery_id} on document ${receipt.document_id}`;
        expectEqual(transport, `${where}: description`, delivery.status.description, ACCEPTED_DESCRIPTION);
        expectEqual(transport, `${where}: from_org`, delivery.status.from_org, RECIPIENT_ORG);
        expectEqual(transport, `${where}: to_org`, delivery.status.to_org, SENDER_ORG);
        expectEqual(transport, `${where}: recipient`, delivery.recipient, SENDER_ORG);
        expectEqual(transport, `${where}: staff.staff`, delivery.status.staff && delivery.status.staff.staff, CLERK.staff);
        const arrived = others.some((d) => d.content === 'status' && d.status.document_id === receipt.document_id
          && d.status.code === 'DOCUMENT_STATUS_ARRIVED');
        if (!arrived) fail(transport, `${where}: the 01 (arrived) status of the document was not pushed before the 03 (${others.length} other deliveries pushed and acknowledged)`);
        const settled = await settleOn(stream, 'sender', delivery);
        if (settled.applied !== true) fail(transport, `${where}: expected settled.applied true, got false: ${JSON.stringify(settled.detail)}`);
        await closeCleanly(stream, 'sender');
      } finally {
        stream.cancel();
      }
    });

    it(`${transport} update_status_rejected_without_reason_failed_precondition`, { skip: skip || NO_TOKEN || NO_RECIPIENT }, async () => {
      const { receipt } = await sendNew('reject');
      const received = await receiveDocument(receipt.document_id);
      expectApplied(`Ack by the recipient of document ${receipt.document_id}`, received.result);
      await expectStatus(transport, `UpdateStatus 02 (rejected) with an empty description by ${RECIPIENT_ORG} on document ${receipt.document_id}`,
        client.updateStatus(conn, RECIPIENT_TOKEN, {
          documentId: receipt.document_id, fromOrg: RECIPIENT_ORG, code: 'DOCUMENT_STATUS_REJECTED', description: '', staff: CLERK,
        }, TIMEOUT_MS), grpc.status.FAILED_PRECONDITION);
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
