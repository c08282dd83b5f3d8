// connections.toml / config.toml resolution: the Snowflake CLI's folder lookup order, default
// connection names, SNOWFLAKE_CONNECTIONS_<NAME>_<KEY> overrides, key mapping to snowflake-sdk
// options, the permission warning, and each authenticator's driver options. Real files in a
// temp home folder; the environment is passed explicitly.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { redact } from '../src/core/secrets/redact';
import { configDir, configDirCandidates, ConnectionConfigError, resolveConnection, type ConnectionEnvironment } from '../src/core/snowflake/connections';

const root = mkdtempSync(join(tmpdir(), 'sf-conn-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
function home(): string {
  const h = join(root, `home${++n}`);
  mkdirSync(h, { recursive: true });
  return h;
}
function write(dir: string, file: string, text: string, mode = 0o600): string {
  mkdirSync(dir, { recursive: true });
  const p = join(dir, file);
  writeFileSync(p, text);
  chmodSync(p, mode);
  return p;
}
const envOf = (homedir: string, env: Record<string, string> = {}, platform: NodeJS.Platform = 'linux'): ConnectionEnvironment => ({ env, platform, homedir });

test('folder lookup order: $SNOWFLAKE_HOME, then ~/.snowflake if it exists, then the per-OS folder', () => {
  const h = home();
  assert.deepEqual(configDirCandidates(envOf(h, {}, 'linux')), [join(h, '.snowflake'), join(h, '.config', 'snowflake')]);
  assert.deepEqual(configDirCandidates(envOf(h, {}, 'darwin')).at(-1), join(h, 'Library', 'Application Support', 'snowflake'));
  assert.deepEqual(configDirCandidates(envOf(h, { USERPROFILE: 'C:\\Users\\ann' }, 'win32')).at(-1), join('C:\\Users\\ann', 'AppData', 'Local', 'snowflake'));
  // Nothing exists: the per-OS folder.
  assert.equal(configDir(envOf(h)), join(h, '.config', 'snowflake'));
  write(join(h, '.config', 'snowflake'), 'connections.toml', '[os]\naccount = "os_acct"\nuser = "u"\npassword = "os-pw-1"\n');
  assert.equal(resolveConnection('os', envOf(h)).options.account, 'os_acct');
  // ~/.snowflake exists: it wins over the per-OS folder.
  write(join(h, '.snowflake'), 'connections.toml', '[dot]\naccount = "dot_acct"\nuser = "u"\npassword = "dot-pw-1"\n');
  assert.equal(configDir(envOf(h)), join(h, '.snowflake'));
  assert.equal(resolveConnection('dot', envOf(h)).options.account, 'dot_acct');
  assert.throws(() => resolveConnection('os', envOf(h)), /No Snowflake connection named "os".*defined: dot/);
  // $SNOWFLAKE_HOME wins over both.
  const sh = join(h, 'sfhome');
  write(sh, 'connections.toml', '[home]\naccount = "home_acct"\nuser = "u"\npassword = "home-pw-1"\n');
  assert.equal(resolveConnection('home', envOf(h, { SNOWFLAKE_HOME: sh })).options.account, 'home_acct');
  assert.throws(() => resolveConnection('dot', envOf(h, { SNOWFLAKE_HOME: sh })), ConnectionConfigError);
});

test('config.toml [connections.NAME], default_connection_name, SNOWFLAKE_DEFAULT_CONNECTION_NAME, and connections.toml taking over', () => {
  const h = home();
  const dir = join(h, '.snowflake');
  write(dir, 'config.toml', [
    'default_connection_name = "dev"',
    '[connections.dev]', 'account = "dev_acct"', 'user = "dev_user"', 'password = "dev-secret-1"',
    '[connections.prod]', 'account = "prod_acct"', 'user = "prod_user"', 'password = "prod-secret-1"',
  ].join('\n'));
  assert.equal(resolveConnection(undefined, envOf(h)).name, 'dev');
  assert.equal(resolveConnection(undefined, envOf(h)).options.account, 'dev_acct');
  assert.equal(resolveConnection(undefined, envOf(h, { SNOWFLAKE_DEFAULT_CONNECTION_NAME: 'prod' })).options.account, 'prod_acct');
  assert.equal(resolveConnection('prod', envOf(h)).options.username, 'prod_user');
  // With connections.toml present, its connections are the ones used (the CLI ignores config.toml's).
  write(dir, 'connections.toml', '[dev]\naccount = "dev_from_connections"\nuser = "x"\npassword = "conn-secret-1"\n');
  assert.equal(resolveConnection(undefined, envOf(h)).options.account, 'dev_from_connections');
  assert.throws(() => resolveConnection('prod', envOf(h)), /No Snowflake connection named "prod"/);
  // No default named anywhere: "default".
  const h2 = home();
  write(join(h2, '.snowflake'), 'connections.toml', '[default]\naccount = "d_acct"\nuser = "d"\npassword = "d-secret-1"\n');
  assert.equal(resolveConnection(undefined, envOf(h2)).name, 'default');
});

test('SNOWFLAKE_CONNECTIONS_<NAME>_<KEY> overrides file values, and can define a connection on its own', () => {
  const h = home();
  write(join(h, '.snowflake'), 'connections.toml', '[my-conn]\naccount = "file_acct"\nuser = "file_user"\npassword = "file-pw-1"\nrole = "FILE_ROLE"\n');
  const r = resolveConnection('my-conn', envOf(h, { SNOWFLAKE_CONNECTIONS_MY_CONN_PASSWORD: 'env-pw-123', SNOWFLAKE_CONNECTIONS_MY_CONN_ROLE: 'ENV_ROLE', SNOWFLAKE_CONNECTIONS_OTHER_ROLE: 'X' }));
  assert.equal(r.options.password, 'env-pw-123');
  assert.equal(r.options.role, 'ENV_ROLE');
  assert.equal(r.options.username, 'file_user');
  assert.ok(r.sources.includes('$SNOWFLAKE_CONNECTIONS_MY_CONN_PASSWORD'));
  const onlyEnv = resolveConnection('ci', envOf(home(), { SNOWFLAKE_CONNECTIONS_CI_ACCOUNT: 'ci_acct', SNOWFLAKE_CONNECTIONS_CI_USER: 'ci', SNOWFLAKE_CONNECTIONS_CI_PASSWORD: 'ci-pw-123' }));
  assert.equal(onlyEnv.options.account, 'ci_acct');
  assert.deepEqual(onlyEnv.sources.length, 3);
});

test('keys map to snowflake-sdk options; the password is registered for redaction', () => {
  const h = home();
  write(join(h, '.snowflake'), 'connections.toml', [
    '[full]', 'account = "myorg-acct"', 'user = "ann"', 'password = "Sup3r-Secret!"', 'role = "R"', 'warehouse = "WH"',
    'database = "DB"', 'schema = "S"', 'host = "127.0.0.1"', 'port = 8085', 'protocol = "http"',
  ].join('\n'));
  const r = resolveConnection('full', envOf(h));
  assert.deepEqual(r.options, {
    account: 'myorg-acct', authenticator: 'SNOWFLAKE', username: 'ann', password: 'Sup3r-Secret!', role: 'R', warehouse: 'WH',
    database: 'DB', schema: 'S', host: '127.0.0.1', port: 8085, protocol: 'http',
  });
  assert.equal(redact('login failed for Sup3r-Secret!'), 'login failed for ****');
  assert.deepEqual(r.warnings, []);
});

test('a connections file readable by group or others gets a warning (not on Windows)', () => {
  const h = home();
  const p = write(join(h, '.snowflake'), 'connections.toml', '[c]\naccount = "a"\nuser = "u"\npassword = "pw-perm-1"\n', 0o644);
  const w = resolveConnection('c', envOf(h)).warnings;
  assert.equal(w.length, 1);
  assert.match(w[0], new RegExp(`${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is readable by other users \\(mode 644\\); run: chmod 0600`));
  chmodSync(p, 0o640);
  assert.equal(resolveConnection('c', envOf(h)).warnings.length, 1);
  chmodSync(p, 0o600);
  assert.deepEqual(resolveConnection('c', envOf(h)).warnings, []);
  chmodSync(p, 0o644);
  assert.deepEqual(resolveConnection('c', envOf(h, {}, 'win32')).warnings, []);
});

test('each authenticator gives the driver options it needs, and says what is missing', () => {
  const h = home();
  const keyFile = join(h, 'rsa_key.p8');
  writeFileSync(keyFile, 'not read here');
  const tokenFile = join(h, 'token');
  writeFileSync(tokenFile, 'oauth-from-file-123\n');
  write(join(h, '.snowflake'), 'connections.toml', [
    '[pw]', 'account = "a"', 'user = "u"', 'password = "pw-auth-1"',
    '[jwt]', 'account = "a"', 'user = "u"', 'authenticator = "snowflake_jwt"', `private_key_file = ${JSON.stringify(keyFile)}`, 'private_key_file_pwd = "key-pass-1"',
    '[browser]', 'account = "a"', 'user = "ann@example.com"', 'authenticator = "externalbrowser"',
    '[oauth]', 'account = "a"', 'authenticator = "oauth"', 'token = "oauth-token-123"',
    '[oauthfile]', 'account = "a"', 'authenticator = "OAUTH"', `token_file_path = ${JSON.stringify(tokenFile)}`,
    '[pat]', 'account = "a"', 'user = "u"', 'authenticator = "PROGRAMMATIC_ACCESS_TOKEN"', 'token = "pat-token-123"',
    '[nopw]', 'account = "a"', 'user = "u"',
    '[nokey]', 'account = "a"', 'user = "u"', 'authenticator = "SNOWFLAKE_JWT"',
    '[notoken]', 'account = "a"', 'authenticator = "OAUTH"',
    '[okta]', 'account = "a"', 'user = "u"', 'authenticator = "https://example.okta.com"',
    '[noacct]', 'user = "u"', 'password = "pw-auth-2"',
  ].join('\n'));
  const o = (name: string) => resolveConnection(name, envOf(h)).options;
  assert.deepEqual(o('pw'), { account: 'a', authenticator: 'SNOWFLAKE', username: 'u', password: 'pw-auth-1' });
  assert.deepEqual(o('jwt'), { account: 'a', authenticator: 'SNOWFLAKE_JWT', username: 'u', privateKeyPath: keyFile, privateKeyPass: 'key-pass-1' });
  assert.deepEqual(o('browser'), { account: 'a', authenticator: 'EXTERNALBROWSER', username: 'ann@example.com' });
  assert.deepEqual(o('oauth'), { account: 'a', authenticator: 'OAUTH', token: 'oauth-token-123' });
  assert.deepEqual(o('oauthfile'), { account: 'a', authenticator: 'OAUTH', token: 'oauth-from-file-123' });
  assert.deepEqual(o('pat'), { account: 'a', authenticator: 'PROGRAMMATIC_ACCESS_TOKEN', username: 'u', token: 'pat-token-123' });
  assert.throws(() => o('nopw'), /connection "nopw" in .*connections\.toml: authenticator SNOWFLAKE needs "password"/);
  assert.throws(() => o('nokey'), /authenticator SNOWFLAKE_JWT needs "private_key_file"/);
  assert.throws(() => o('notoken'), /authenticator OAUTH needs "token" or "token_file_path"/);
  assert.throws(() => o('okta'), /authenticator "HTTPS:\/\/EXAMPLE.OKTA.COM" is not supported/);
  assert.throws(() => o('noacct'), /"account" is missing/);
  // Every secret read is hidden from logs from now on.
  for (const s of ['key-pass-1', 'oauth-token-123', 'oauth-from-file-123', 'pat-token-123']) assert.equal(redact(`x ${s} y`), 'x **** y');
});

test('a TOML syntax error names the file and line, not the values', () => {
  const h = home();
  const p = write(join(h, '.snowflake'), 'connections.toml', '[c]\naccount = "a"\npassword = "leaky-1\n');
  assert.throws(() => resolveConnection('c', envOf(h)), (e: Error) => {
    assert.ok(e.message.startsWith(`${p}: not valid TOML`), e.message);
    assert.match(e.message, /at line 3, column \d+/);
    assert.doesNotMatch(e.message, /leaky/);
    return true;
  });
});
