// A Bluesky PDS (@atproto/pds) for the posting tests, on 127.0.0.1 only, with an in-memory
// directory of identities (@did-plc/server) beside it: no network, nothing kept but DATA_DIR.
// Installed by tools/install_pds.sh; started by tests/servers.py as
//   NODE_PATH=<install>/server/node_modules node tools/pds_server.cjs
// with PDS_PORT, PLC_PORT and PDS_DATA_DIR (a fresh folder) in the environment. It prints one
// line, "ready <url>", when it takes requests, and stops on SIGTERM.
'use strict';

const fs = require('node:fs');
const { Secp256k1Keypair } = require('@atproto/crypto');
const { PDS } = require('@atproto/pds');
const plc = require('@did-plc/server');

// Express apps listen on every interface by default: bind these two to loopback.
function onLoopback(app) {
  const listen = app.listen.bind(app);
  app.listen = (port, ...rest) => listen(port, '127.0.0.1', ...rest);
}

async function main() {
  const pdsPort = Number(process.env.PDS_PORT);
  const plcPort = Number(process.env.PLC_PORT);
  const dataDir = process.env.PDS_DATA_DIR;
  if (!pdsPort || !plcPort || !dataDir) throw new Error('PDS_PORT, PLC_PORT and PDS_DATA_DIR are needed');
  fs.mkdirSync(dataDir, { recursive: true });

  const directory = plc.PlcServer.create({ db: plc.Database.mock(), port: plcPort });
  onLoopback(directory.app);
  await directory.start();

  const rotation = await Secp256k1Keypair.create({ exportable: true });
  const invalid = 'did:example:invalid';
  const pds = await PDS.fromEnv({
    devMode: true,
    port: pdsPort,
    hostname: 'localhost',
    dataDirectory: dataDir,
    blobstoreDiskLocation: `${dataDir}/blobs`,
    recoveryDidKey: (await Secp256k1Keypair.create()).did(),
    plcRotationKeyK256PrivateKeyHex: Buffer.from(await rotation.export()).toString('hex'),
    didPlcUrl: `http://127.0.0.1:${plcPort}`,
    serviceHandleDomains: ['.test'],
    adminPassword: 'admin',
    jwtSecret: 'tests-only',
    inviteRequired: false,
    disableSsrfProtection: true,
    // no app view or moderation service runs here: name addresses that cannot resolve
    bskyAppViewUrl: 'https://appview.invalid',
    bskyAppViewDid: invalid,
    bskyAppViewCdnUrlPattern: 'https://cdn.invalid/%s/%s/%s',
    modServiceUrl: 'https://moderation.invalid',
    modServiceDid: invalid,
  });
  onLoopback(pds.app);
  await pds.start();
  console.log(`ready http://localhost:${pdsPort}`);

  const stop = async () => {
    await pds.destroy().catch(() => {});
    await directory.destroy().catch(() => {});
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
