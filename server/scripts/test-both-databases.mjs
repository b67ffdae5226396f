// The server's tests on the embedded SQLite, then again on MySQL/MariaDB (see scripts/both-databases.mjs).
import { runOnBothDatabases } from '../../scripts/both-databases.mjs';

await runOnBothDatabases('server tests', { args: process.argv.slice(2) });
