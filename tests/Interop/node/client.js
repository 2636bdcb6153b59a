'use strict';
// A minimal Node.js client for the document axis gateway, built only on @grpc/grpc-js and
// @grpc/proto-loader, which read the repository's .proto files at run time (no code generation), on
// protobufjs (the library proto-loader itself uses) to serialize the DocumentHeader a sender signs,
// and on node-forge to sign it (node's own crypto module has no CMS).
//
// Integrators may copy it as a starting point. It shows how to open a channel to the gateway in clear
// text (h2c) or over TLS, how to send the connected system's bearer token (metadata
// `authorization: Bearer <token>`, printed once by `gateway systems add`), how to ask the standard
// health service, how to call a method by its name without a service definition, and how to exchange
// documents: build a DocumentHeader, serialize it once, sign those bytes and Send them with the
// signature and the payload (newHeader, encodeHeader, signHeader, sendDocument), then on the receiving side lease deliveries with Pull and
// settle them with Ack (pull, ack), or have them pushed on an Exchange stream under credits and settle
// them on the same stream (openExchange); and how to report an edXML status on a document to the
// other side (updateStatus).
//
// Run as a script it is also a small command-line tool:
//   node client.js check 127.0.0.1:7400 [--ca ca.pem] [--service NAME]
// It prints the serving status and exits 0 only when it is SERVING.

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const protobuf = require('protobufjs');
const forge = require('node-forge');

// Every call made here carries a deadline; this is the default, in milliseconds.
const DEFAULT_TIMEOUT_MS = 10000;
const HEALTH_SERVICE_OVERALL = '';
const HEALTH_SERVICE_EXCHANGE = 'axis.v1.DocumentExchange';

// The proto/ folder at the root of the repository, unless GATEWAY_PROTO_DIR says otherwise.
const DEFAULT_PROTO_DIR = process.env.GATEWAY_PROTO_DIR || path.resolve(__dirname, '..', '..', '..', 'proto');

let contractCache = null;

/** Loads the service definitions from the .proto files under `protoDir`. */
function loadContract(protoDir = DEFAULT_PROTO_DIR) {
  if (contractCache && contractCache.protoDir === protoDir) return contractCache;
  const definition = protoLoader.loadSync(
    ['grpc/health/v1/health.proto', 'axis/v1/exchange.proto'],
    {
      includeDirs: [protoDir],
      keepCase: true, // field names as written in the .proto files
      longs: String, // 64-bit integers as decimal strings
      enums: String, // enum values by name, e.g. "SERVING"
      defaults: true,
      oneofs: true,
    },
  );
  const loaded = grpc.loadPackageDefinition(definition);
  contractCache = {
    protoDir,
    Health: loaded.grpc.health.v1.Health,
    DocumentExchange: loaded.axis.v1.DocumentExchange,
  };
  return contractCache;
}

let messagesCache = null;

/**
 * The axis.v1 message types as protobufjs types, read from the same .proto files, for the one thing
 * proto-loader does not offer: serializing a message on its own. A sender needs the exact bytes of its
 * DocumentHeader, to sign them and to send them in SignedHeader.header.
 */
function loadMessages(protoDir = DEFAULT_PROTO_DIR) {
  if (messagesCache && messagesCache.protoDir === protoDir) return messagesCache;
  const root = new protobuf.Root();
  // Imports resolve against protoDir; google/protobuf/*.proto come bundled with protobufjs.
  root.resolvePath = (origin, target) => (path.isAbsolute(target) ? target : path.join(protoDir, target));
  root.loadSync('axis/v1/document.proto', { keepCase: true });
  messagesCache = { protoDir, DocumentHeader: root.lookupType('axis.v1.DocumentHeader') };
  return messagesCache;
}

/** SHA-256 of `bytes` (32 bytes), as PayloadDescriptor.sha256 and Receipt.header_digest use. */
function sha256(bytes) {
  return crypto.createHash('sha256').update(bytes).digest();
}

/**
 * A DocumentHeader (plain object, field names as in the .proto) for a new document carrying `payload`.
 * `sender` is the organisation code the calling system is registered for; `recipients` are codes from
 * the gateway's registry; `clientReference` must be unique per sender organisation (a retry with the
 * same reference and the same header bytes gets the original receipt back). The header vouches for the
 * payload by its SHA-256 and size. Add more `metadata` fields (code_number, signer, ...) as needed.
 */
function newHeader({
  sender, recipients, clientReference, payload, subject = '', contentType = 'application/octet-stream',
  fileName = '', priority = 'PRIORITY_NORMAL', createdAt = new Date(),
}) {
  const millis = createdAt.getTime();
  // protobufjs writes every field present on the object, even an empty string, so leave empty ones out.
  const payloadDescriptor = { sha256: sha256(payload), size: payload.length };
  if (contentType) payloadDescriptor.content_type = contentType;
  if (fileName) payloadDescriptor.file_name = fileName;
  return {
    sender,
    recipients: [...recipients],
    client_reference: clientReference,
    priority,
    payload: payloadDescriptor,
    business: { type: 'BUSINESS_TYPE_NEW' },
    metadata: subject ? { subject } : {},
    created_at: { seconds: Math.floor(millis / 1000), nanos: (millis % 1000) * 1e6 },
  };
}

/**
 * Serializes a DocumentHeader object (as newHeader makes) to its bytes. Do it once per document: sign
 * those bytes if you sign, and send exactly them; the gateway stores and delivers them as they are.
 */
function encodeHeader(header, protoDir = DEFAULT_PROTO_DIR) {
  const { DocumentHeader } = loadMessages(protoDir);
  const message = DocumentHeader.fromObject(header); // enum names, Buffers and numbers accepted
  const invalid = DocumentHeader.verify(message);
  if (invalid) throw new Error(`invalid DocumentHeader: ${invalid}`);
  return Buffer.from(DocumentHeader.encode(message).finish());
}

/** The DER bytes of the first PEM block in `pem` (a string). */
function pemToDer(pem) {
  const blocks = forge.pem.decode(pem);
  if (blocks.length === 0) throw new Error('no PEM block found');
  return Buffer.from(blocks[0].body, 'binary');
}

/**
 * A detached CMS SignedData (RFC 5652, DER) over `headerBytes` (a Buffer): what SignedHeader.signature
 * carries. `certificatePem` is the organisation's signing certificate (its subject names the sender code
 * as organizationIdentifier, as `gateway pki issue-org CODE --key-type rsa-2048` writes it) and
 * `privateKeyPem` its unencrypted RSA key (PKCS#8 or PKCS#1 PEM); node-forge signs with RSA only.
 *
 * SHA-256, RSA PKCS#1 v1.5, and the signed attributes content-type and message-digest (the gateway
 * requires both) and signing-time. They are listed in the order DER sorts them (a SET OF is ordered by
 * the attributes' encodings, here by their lengths): forge encodes them as given and the gateway reads
 * the set under DER rules.
 *
 * The certificate goes into the CMS as the exact bytes of `certificatePem`. forge would re-encode a
 * certificate it parsed, and not always byte for byte (e.g. it writes NULL parameters into an ECDSA
 * signature algorithm, which an ECDSA root's signature on an RSA certificate has none of), which breaks
 * the issuer's signature on it; so the CMS is built without certificates and the original is put in.
 */
function signHeader(headerBytes, certificatePem, privateKeyPem) {
  const certificate = forge.pki.certificateFromPem(certificatePem);
  const signedData = forge.pkcs7.createSignedData();
  signedData.content = forge.util.createBuffer(headerBytes.toString('binary'));
  signedData.addSigner({
    key: forge.pki.privateKeyFromPem(privateKeyPem),
    certificate, // names the signer: its issuer and serial number
    digestAlgorithm: forge.pki.oids.sha256,
    authenticatedAttributes: [
      { type: forge.pki.oids.contentType, value: forge.pki.oids.data },
      { type: forge.pki.oids.signingTime, value: new Date() },
      { type: forge.pki.oids.messageDigest }, // forge computes it over the content
    ],
  });
  signedData.sign({ detached: true });
  const contentInfo = signedData.toAsn1();
  const fields = contentInfo.value[1].value[0].value; // ContentInfo [0] EXPLICIT SignedData
  // SignedData: version, digestAlgorithms, encapContentInfo, [0] certificates, [1] crls, signerInfos:
  // with neither certificates nor CRLs, the certificates go right before signerInfos, the last field.
  const original = forge.asn1.fromDer(pemToDer(certificatePem).toString('binary'));
  fields.splice(fields.length - 1, 0, forge.asn1.create(forge.asn1.Class.CONTEXT_SPECIFIC, 0, true, [original]));
  return Buffer.from(forge.asn1.toDer(contentInfo).getBytes(), 'binary');
}

/** Parses DocumentHeader bytes (e.g. IncomingDocument.header.header) into a plain object. */
function decodeHeader(bytes, protoDir = DEFAULT_PROTO_DIR) {
  const { DocumentHeader } = loadMessages(protoDir);
  return DocumentHeader.toObject(DocumentHeader.decode(bytes), { enums: String, longs: String, bytes: Buffer });
}

/**
 * Opens a connection to `address` ("host:port").
 *
 * Without `ca` the channel speaks HTTP/2 in clear text (h2c). With `ca` (a PEM file path), the
 * channel uses TLS and trusts only the CA certificates in that file; the server's certificate must
 * name the host of `address` (a DNS name or an IP address in its subjectAltName), or `serverName`.
 * Returns { health, exchange, raw, close() }, all sharing one channel.
 */
function connect(address, { ca = null, serverName = null, protoDir = DEFAULT_PROTO_DIR } = {}) {
  const contract = loadContract(protoDir);
  const credentials = ca
    ? grpc.credentials.createSsl(fs.readFileSync(ca))
    : grpc.credentials.createInsecure();
  const options = {};
  if (serverName) {
    options['grpc.ssl_target_name_override'] = serverName;
    options['grpc.default_authority'] = serverName;
  }
  const raw = new grpc.Client(address, credentials, options);
  const shared = { channelOverride: raw.getChannel() };
  const health = new contract.Health(address, credentials, shared);
  const exchange = new contract.DocumentExchange(address, credentials, shared);
  return {
    health,
    exchange,
    raw,
    close() {
      health.close();
      exchange.close();
      raw.close();
    },
  };
}

/**
 * Call metadata that authenticates a connected system: pass it on every DocumentExchange call.
 * Health checks and reflection need none.
 */
function bearerMetadata(token) {
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}

function deadlineIn(timeoutMs) {
  return { deadline: Date.now() + timeoutMs };
}

/** Health/Check for `service`; resolves to the status name, rejects with the gRPC error. */
function checkHealth(conn, service = HEALTH_SERVICE_OVERALL, timeoutMs = DEFAULT_TIMEOUT_MS) {
  return new Promise((resolve, reject) => {
    conn.health.Check({ service }, deadlineIn(timeoutMs), (err, response) => {
      if (err) reject(err);
      else resolve(response.status);
    });
  });
}

/**
 * Opens Health/Watch, takes the first message, then cancels the stream.
 * Resolves to { first, endCode }: the first status name (null if the stream ended without one) and
 * the status code the call ended with (grpc.status.CANCELLED after a clean cancel).
 */
function watchFirstStatus(conn, service = HEALTH_SERVICE_OVERALL, timeoutMs = DEFAULT_TIMEOUT_MS) {
  return new Promise((resolve, reject) => {
    const call = conn.health.Watch({ service }, deadlineIn(timeoutMs));
    let first = null;
    let done = false;
    const finish = (code, err) => {
      if (done) return;
      done = true;
      if (err && first === null) reject(err);
      else resolve({ first, endCode: code });
    };
    call.on('data', (message) => {
      if (first !== null) return;
      first = message.status;
      call.cancel();
    });
    call.on('error', (err) => finish(err.code, err));
    call.on('status', (status) => finish(status.code, null));
  });
}

/**
 * Calls unary `method` ("/package.Service/Method") with raw request bytes and `metadata`; resolves to
 * raw bytes.
 */
function callRaw(conn, method, request = Buffer.alloc(0), timeoutMs = DEFAULT_TIMEOUT_MS, metadata = new grpc.Metadata()) {
  const identity = (bytes) => bytes;
  return new Promise((resolve, reject) => {
    conn.raw.makeUnaryRequest(method, identity, identity, request, metadata,
      deadlineIn(timeoutMs), (err, response) => {
        if (err) reject(err);
        else resolve(response);
      });
  });
}

/** A unary DocumentExchange call as a promise, with the system's token and a deadline. */
function unary(conn, method, request, token, timeoutMs = DEFAULT_TIMEOUT_MS) {
  return new Promise((resolve, reject) => {
    conn.exchange[method](request, bearerMetadata(token), deadlineIn(timeoutMs),
      (err, response) => (err ? reject(err) : resolve(response)));
  });
}

/**
 * DocumentExchange/Send: `headerBytes` (the serialized DocumentHeader), its detached `signature`
 * (signHeader; empty only where the gateway does not require one) and the whole `payload` (a Buffer).
 * Resolves to the Receipt; rejects with the gRPC error (INVALID_ARGUMENT, NOT_FOUND for unknown
 * recipients, ALREADY_EXISTS for a reference reused with another header, ...); a refused signature
 * also carries the trailer `signature-failure` naming why (signatureFailure reads it). A retry after a
 * lost answer is safe: the same bytes and signature again get the receipt with `duplicate` set.
 */
async function sendDocument(conn, token, headerBytes, payload, { signature = Buffer.alloc(0), timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
  const response = await unary(conn, 'Send', { header: { header: headerBytes, signature }, payload }, token, timeoutMs);
  return response.receipt;
}

/** The `signature-failure` trailer of a failed call (`missing`, `tampered`, `revoked`, ...), or null. */
function signatureFailure(err) {
  const values = err && err.metadata ? err.metadata.get('signature-failure') : [];
  return values.length > 0 ? String(values[0]) : null;
}

/**
 * DocumentExchange/Pull: leases up to `maxDeliveries` waiting deliveries (0: the gateway's default) for
 * `orgCodes` (empty: every code the system is registered for). Resolves to an array of Delivery; each
 * has `content` 'document' (an IncomingDocument in `document`) or 'status' (a StatusNotice in `status`).
 * Settle each with ack before `lease_expires_at`, or it is offered again with the same delivery_id.
 */
async function pull(conn, token, orgCodes = [], maxDeliveries = 0, timeoutMs = DEFAULT_TIMEOUT_MS) {
  const response = await unary(conn, 'Pull', { org_codes: orgCodes, max_deliveries: maxDeliveries }, token, timeoutMs);
  return response.deliveries;
}

/**
 * DocumentExchange/Ack: settles deliveries from Pull. `settlements` are delivery ids (acknowledged) or
 * { delivery_id, outcome: 'OUTCOME_ACK' | 'OUTCOME_NACK' | 'OUTCOME_REJECT', reason }. Resolves to the
 * SettlementResults in request order; `applied` is false (with `detail`) for a delivery that was
 * unknown, not leased to this system, or already settled.
 */
async function ack(conn, token, settlements, timeoutMs = DEFAULT_TIMEOUT_MS) {
  const items = settlements.map((s) => (typeof s === 'string' ? { delivery_id: s, outcome: 'OUTCOME_ACK' } : s));
  const response = await unary(conn, 'Ack', { settlements: items }, token, timeoutMs);
  return response.results;
}

/**
 * DocumentExchange/UpdateStatus: reports the edXML status `code` (a DocumentStatus name such as
 * 'DOCUMENT_STATUS_ACCEPTED') of `documentId` on behalf of `fromOrg`, an organisation the calling system
 * is registered for. A recipient reports 02-06 (02 needs the reason in `description`; nothing moves
 * after 02 or 06) and 15/16 to answer a take-back (13) or an update; the sender reports 13. 01 (arrived)
 * is set by the gateway alone. `staff` is an optional StaffInfo ({ department, staff, mobile, email }).
 * Resolves to the status id; rejects with the gRPC error (FAILED_PRECONDITION naming the rule broken,
 * INVALID_ARGUMENT, NOT_FOUND, ...). The status reaches the other side as a status delivery.
 */
async function updateStatus(conn, token, { documentId, fromOrg, code, description = '', staff = null }, timeoutMs = DEFAULT_TIMEOUT_MS) {
  const request = { document_id: documentId, from_org: fromOrg, code, description };
  if (staff) request.staff = staff;
  const response = await unary(conn, 'UpdateStatus', request, token, timeoutMs);
  return response.status_id;
}

/**
 * Opens a DocumentExchange/Exchange stream, the receiving side's push channel, with the system's token;
 * `timeoutMs` is the deadline of the whole stream (reopen it when it ends). The gateway pushes
 * deliveries (documents and statuses) as soon as they are committed, never more than the credits
 * granted in total, and confirms each settlement on the stream. Deliveries pushed and not settled when
 * the stream closes are offered again with the same delivery id. Returns:
 *
 *   subscribe(orgCodes, credits)  the first message: codes to receive for ([]: all of the system's)
 *   credit(n)                     lets the gateway push n more deliveries
 *   settle(deliveryId, outcome = 'OUTCOME_ACK', reason = '')
 *   next()     resolves to the next ExchangeResponse ({ kind: 'subscribed' | 'delivery' | 'settled', ... }),
 *              or null once the server ended the stream with OK; rejects with the gRPC error when it
 *              failed (INVALID_ARGUMENT when the first message is not subscribe, PERMISSION_DENIED for
 *              a code the system is not registered for, ...)
 *   close()    ends the sending side and resolves to what the server still sent before it ended the
 *              stream with OK (rejects if it ended with an error)
 *   cancel()   cancels the stream; a no-op once it has ended. Call it in a finally block.
 *   status     the final { code, details } once the stream has ended, else null
 */
function openExchange(conn, token, timeoutMs = DEFAULT_TIMEOUT_MS) {
  const call = conn.exchange.Exchange(bearerMetadata(token), deadlineIn(timeoutMs));
  const buffered = [];
  const waiting = [];
  let readEnded = false;
  let status = null;
  let error = null;
  // Finished once the server's status is in and, for OK, every message before it has been read.
  const finished = () => status !== null && (readEnded || status.code !== grpc.status.OK);
  const settleWaiters = () => {
    while (waiting.length > 0 && (buffered.length > 0 || finished())) {
      const waiter = waiting.shift();
      if (buffered.length > 0) waiter.resolve(buffered.shift());
      else if (error) waiter.reject(error);
      else waiter.resolve(null);
    }
  };
  call.on('data', (message) => { buffered.push(message); settleWaiters(); });
  call.on('end', () => { readEnded = true; settleWaiters(); });
  call.on('error', (err) => { error = err; }); // the 'status' event follows
  call.on('status', (s) => { status = s; settleWaiters(); });

  let halfClosed = false;
  // Writes after close() or after the end are dropped, as the server would not read them.
  const write = (message) => { if (status === null && !halfClosed) call.write(message); };
  const stream = {
    subscribe(orgCodes = [], credits = 0) { write({ subscribe: { org_codes: orgCodes, credits } }); },
    credit(credits) { write({ credit: { credits } }); },
    settle(deliveryId, outcome = 'OUTCOME_ACK', reason = '') {
      write({ settlement: { delivery_id: deliveryId, outcome, reason } });
    },
    next() {
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        settleWaiters();
      });
    },
    async close() {
      if (status === null && !halfClosed) call.end();
      halfClosed = true;
      const rest = [];
      for (let message = await stream.next(); message !== null; message = await stream.next()) rest.push(message);
      return rest;
    },
    cancel() { if (status === null) call.cancel(); },
    get status() { return status; },
  };
  return stream;
}

/** The name of a gRPC status code number, e.g. 12 -> "UNIMPLEMENTED". */
function statusName(code) {
  const name = Object.keys(grpc.status).find((key) => grpc.status[key] === code);
  return name ? `${name} (${code})` : `code ${code}`;
}

async function main(argv) {
  const args = { command: argv[0], address: argv[1], ca: null, serverName: null, service: '' };
  for (let i = 2; i < argv.length; i += 2) {
    if (argv[i] === '--ca') args.ca = argv[i + 1];
    else if (argv[i] === '--server-name') args.serverName = argv[i + 1];
    else if (argv[i] === '--service') args.service = argv[i + 1];
    else throw new Error(`unknown option ${argv[i]}`);
  }
  if (args.command !== 'check' || !args.address) {
    console.error('usage: node client.js check HOST:PORT [--ca CA.pem] [--server-name NAME] [--service NAME]');
    return 2;
  }
  const conn = connect(args.address, { ca: args.ca, serverName: args.serverName });
  try {
    const status = await checkHealth(conn, args.service);
    console.log(`${args.address}: ${status}`);
    return status === 'SERVING' ? 0 : 1;
  } catch (err) {
    console.log(`${args.address}: ${statusName(err.code)}: ${err.details}`);
    return 1;
  } finally {
    conn.close();
  }
}

module.exports = {
  DEFAULT_TIMEOUT_MS,
  HEALTH_SERVICE_OVERALL,
  HEALTH_SERVICE_EXCHANGE,
  grpc,
  loadContract,
  loadMessages,
  connect,
  bearerMetadata,
  sha256,
  newHeader,
  encodeHeader,
  signHeader,
  decodeHeader,
  unary,
  sendDocument,
  signatureFailure,
  pull,
  ack,
  updateStatus,
  openExchange,
  checkHealth,
  watchFirstStatus,
  callRaw,
  statusName,
};

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
