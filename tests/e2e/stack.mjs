// The whole stack for the browser tests: ddb-server in memory and `cruddur serve --dev-auth`
// (with its stream worker and the built web UI) on ports the kernel picks, users in SQLite in a
// temporary directory, the table and the demo data loaded as `scripts/up` loads them.
import {spawn, execFileSync} from 'node:child_process';
import {copyFileSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = process.env.E2E_ARTIFACTS || path.join(ROOT, 'build/e2e-artifacts');
const BIN = path.join(ROOT, 'build/bin');

const ENV = {
  ...process.env,
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_DEFAULT_REGION: 'us-east-1',
};
delete ENV.CONNECTION_URL;  // SQLite, the embedded default

// Starts `command` and resolves with the port from the first stdout line matching `pattern`.
function startServer(command, args, pattern, logPath) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {env: ENV, stdio: ['ignore', 'pipe', 'pipe']});
    const log = createWriteStream(logPath);
    let seen = '';
    let started = false;
    const timer = setTimeout(() => reject(new Error(`${command} did not start: ${seen}`)), 15000);
    child.stdout.on('data', (chunk) => {
      log.write(chunk);
      if (started) return;
      seen += chunk;
      const match = seen.match(pattern);
      if (match) {
        started = true;
        clearTimeout(timer);
        resolve({child, port: Number(match[1])});
      }
    });
    child.stderr.on('data', (chunk) => log.write(chunk));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code}: ${seen}`));
    });
  });
}

export async function startStack() {
  const data = mkdtempSync(path.join(tmpdir(), 'cruddur-e2e-'));
  const ddb = await startServer(path.join(BIN, 'ddb-server'), ['--port', '0', '--in-memory'],
                                /listening on http:\/\/[^:]+:(\d+)/, path.join(data, 'ddb.log'));
  const common = ['--ddb-endpoint', `http://127.0.0.1:${ddb.port}`, '--data-dir', data];
  for (const command of [['ddb', 'schema-load'], ['db', 'seed', '--keep-existing'], ['ddb', 'seed']]) {
    execFileSync(path.join(BIN, 'cruddur'), [...command, ...common], {env: ENV, stdio: 'ignore'});
  }
  const app = await startServer(path.join(BIN, 'cruddur'),
                                ['serve', '--dev-auth', '--port', '0', ...common],
                                /serving on http:\/\/localhost:(\d+)/, path.join(data, 'serve.log'));
  return {
    url: `http://localhost:${app.port}`,
    data,
    async stop() {
      for (const server of [app, ddb]) {
        server.child.removeAllListeners('exit');
        server.child.kill('SIGTERM');
      }
      await Promise.all([app, ddb].map((server) => new Promise((resolve) => {
        if (server.child.exitCode !== null) resolve();
        else server.child.once('exit', resolve);
      })));
      // The servers' own logs go with the screenshots, for a failure seen only in CI.
      mkdirSync(ARTIFACTS, {recursive: true});
      for (const log of ['ddb.log', 'serve.log']) {
        const from = path.join(data, log);
        if (existsSync(from)) copyFileSync(from, path.join(ARTIFACTS, log));
      }
      rmSync(data, {recursive: true, force: true});
    },
  };
}
