/**
 * Language server process entry. The transport (`--stdio`, `--node-ipc`, `--socket=`) comes from
 * the command line; everything else is wired in lsp/connection.ts.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/connection';

const connection = createConnection(ProposedFeatures.all);
startServer(connection);
connection.listen();
