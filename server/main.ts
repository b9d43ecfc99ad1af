import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

// The transport (--node-ipc from the VS Code client, --stdio, --socket=N) comes from the command line.
startServer(createConnection(ProposedFeatures.all));
