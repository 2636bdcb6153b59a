'use strict';
// A minimal Node.js client for the document axis gateway, built only on @grpc/grpc-js and
// @grpc/proto-loader, which read the repository's .proto files at run time (no code generation).
//
// Integrators may copy it as a starting point. It shows how to open a channel to the gateway in clear
// text (h2c) or over TLS, how to send the connected system's bearer token (metadata
// `authorization: Bearer <token>`, printed once by `gateway systems add`), how to ask the standard
// health service, and how to call a method by its name without a service definition.
//
// Run as a script it is also a small command-line tool:
//   node client.js check 127.0.0.1:7400 [--ca ca.pem] [--service NAME]
// It prints the serving status and exits 0 only when it is SERVING.

const fs = require('node:fs');
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

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
  connect,
  bearerMetadata,
  checkHealth,
  watchFirstStatus,
  callRaw,
  statusName,
};

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
