/**
 * Language server process entry. The transport (`--stdio`, `--node-ipc`, `--socket=`) comes from
 * the command line; everything else is wired in lsp/connection.ts.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/connection';
import { messageStrategy } from './lsp/incomingMessages';

// The strategy counts the messages handled, so background work yields until the client's queue drains.
const connection = createConnection(ProposedFeatures.all, { messageStrategy });
startServer(connection);
connection.listen();
