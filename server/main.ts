import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';
import { resyncingStdin } from './stdio-framing';
import { useNativeGunzip } from '../node/native-gunzip';

// The checker's data probes read gzip'd IDX files as training does: inflated by Node's zlib.
useNativeGunzip();

// The transport (--node-ipc from the VS Code client, --stdio, --socket=N) comes from the command line;
// over stdio a broken frame is dropped and the reader resynchronises (see stdio-framing.ts).
startServer(process.argv.includes('--stdio') ? createConnection(ProposedFeatures.all, resyncingStdin(), process.stdout) : createConnection(ProposedFeatures.all));
