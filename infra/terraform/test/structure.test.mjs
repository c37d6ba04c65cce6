// Checks the Terraform configuration without a cloud or Terraform itself: @cdktf/hcl2json
// parses every file, and the checks below hold it to the code, the README and BENCHMARKS.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@cdktf/hcl2json';

const root = fileURLToPath(new URL('..', import.meta.url));
const repo = join(root, '..', '..');

const tfFiles = readdirSync(root).filter((name) => name.endsWith('.tf')).map((name) => join(root, name));
const tfvarsFiles = readdirSync(join(root, 'environments')).filter((name) => name.endsWith('.tfvars')).map((name) => join(root, 'environments', name));
const read = (path) => readFileSync(path, 'utf8');

const parsed = await Promise.all(tfFiles.map(async (path) => ({ path, json: await parse(path, read(path)) })));
const tfvars = await Promise.all(tfvarsFiles.map(async (path) => ({ path, json: await parse(path, read(path)) })));

const blocks = (kind) => parsed.flatMap(({ json }) => (json[kind] ? [json[kind]] : []));
const variables = Object.assign({}, ...blocks('variable'));
const locals = Object.assign({}, ...blocks('locals').flat());
const resources = (type) => Object.assign({}, ...blocks('resource').map((r) => r[type] ?? {}));
const only = (list) => { assert.equal(list.length, 1); return list[0]; };

test('every variable used is declared and every declared one used', () => {
  const used = new Set();
  for (const { json } of parsed) {
    for (const match of JSON.stringify(json).matchAll(/\bvar\.([A-Za-z_][A-Za-z0-9_-]*)/g)) used.add(match[1]);
  }
  const declared = new Set(Object.keys(variables));
  assert.deepEqual([...used].filter((name) => !declared.has(name)), [], 'used but not declared');
  assert.deepEqual([...declared].filter((name) => !used.has(name)), [], 'declared but not used');
});

test('every variable has a description and a type', () => {
  for (const [name, [variable]] of Object.entries(variables)) {
    assert.ok(variable.description, `${name} has no description`);
    assert.ok(variable.type, `${name} has no type`);
  }
});

test('the tfvars set declared variables only, and every required one but the project and region', () => {
  const required = Object.entries(variables).filter(([, [v]]) => !('default' in v)).map(([name]) => name)
    .filter((name) => !['project_id', 'region'].includes(name));
  for (const { path, json } of tfvars) {
    const keys = Object.keys(json);
    assert.deepEqual(keys.filter((key) => !(key in variables)), [], `${relative(root, path)} sets undeclared variables`);
    assert.deepEqual(required.filter((name) => !keys.includes(name)), [], `${relative(root, path)} misses required variables`);
  }
});

test('the validations the infrastructure plan names are present', () => {
  const expected = {
    redis_tier: ['"BASIC"', '"STANDARD_HA"'],
    redis_memory_size_gb: ['>= 1 ', '<= 300'],
    redis_max_clients: ['>= 1000', '<= 65000'],
    serverless_connector_cidr: ['/28'],
    serverless_connector_machine_type: ['contains(', '"e2-micro"', '"e2-standard-4"'],
    serverless_connector_min_instances: ['>= 2', '<= 10'],
    serverless_connector_max_instances: ['>= 3', '<= 10'],
    vpc_egress: ['"direct"', '"connector"'],
    sql_availability_type: ['"ZONAL"', '"REGIONAL"'],
    hub_concurrency: ['<= 1000'],
    worker_timeout_seconds: ['<= 600'],
  };
  for (const [name, fragments] of Object.entries(expected)) {
    const conditions = (variables[name]?.[0].validation ?? []).map((v) => v.condition).join(' ');
    for (const fragment of fragments) assert.ok(conditions.includes(fragment), `${name}: no validation with ${fragment}`);
  }
});

// The settings each service reads: its options classes' ConfigurationKeyName attributes, and
// the README's configuration table (rows marked "(worker)" are the worker's).
function csFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (['bin', 'obj', 'wwwroot', 'node_modules'].includes(name)) return [];
    if (statSync(path).isDirectory()) return csFiles(path);
    return name.endsWith('.cs') ? [path] : [];
  });
}
const keysInCode = (project) => new Set(csFiles(join(repo, project))
  .flatMap((path) => [...read(path).matchAll(/ConfigurationKeyName\("([A-Z0-9_]+)"\)/g)].map((m) => m[1])));
function keysInReadme() {
  const readme = read(join(repo, 'README.md'));
  const section = readme.slice(readme.indexOf('\n## Configuration'), readme.indexOf('\n## ', readme.indexOf('\n## Configuration') + 1));
  const keys = { hub: new Set(), worker: new Set() };
  for (const row of section.split('\n').filter((line) => line.startsWith('| `'))) {
    const cell = row.split('|')[1];
    const owner = /\(worker\)/.test(cell) ? 'worker' : 'hub';
    for (const m of cell.matchAll(/`([A-Z][A-Z0-9_]+)`/g)) keys[owner].add(m[1]);
  }
  return keys;
}

// Read but deliberately not set in production, each for a reason.
const notSet = {
  hub: {
    INBOX_SQLITE_PATH: 'DATABASE_URL is set: the inbox is PostgreSQL',
    WORKER_URL: 'Development only',
    INSTANCE_ID: 'differs per instance; the default names each by its host',
    PUSH_ALLOW_LOOPBACK_HTTP: 'development and tests only: it admits http:// push endpoints on loopback',
  },
  worker: {
    HUB_ACCESS_TOKEN: 'the worker signs its own token with SECRET_KEY',
  },
};

function envOn(serviceName, containerName) {
  const service = only(resources('google_cloud_run_v2_service')[serviceName]);
  const container = only(only(service.template).containers.filter((c) => c.name === containerName));
  const names = new Map();
  for (const env of container.env ?? []) names.set(env.name, env);
  for (const dynamic of container.dynamic?.env ?? []) {
    const local = /^\$\{local\.([a-z_]+)\}$/.exec(dynamic.for_each);
    if (local) for (const [key, value] of Object.entries(locals[local[1]])) names.set(key, { name: key, value });
    for (const content of dynamic.content ?? []) if (!content.name.includes('${')) names.set(content.name, content);
  }
  return names;
}

for (const [service, project, container] of [['hub', 'Vividly.Hub', 'hub'], ['worker', 'Vividly.Worker', 'worker']]) {
  test(`every setting the ${service} reads is set on its Cloud Run service`, () => {
    const read = new Set([...keysInCode(project), ...keysInReadme()[service]]);
    const set = envOn(service, container);
    for (const key of Object.keys(notSet[service])) assert.ok(read.has(key), `${key} is no longer read: drop it from notSet`);
    const missing = [...read].filter((key) => !set.has(key) && !(key in notSet[service]));
    assert.deepEqual(missing, [], `${service} reads these, ${service}.tf does not set them`);
  });
}

test('secrets reach the services from Secret Manager, never as plain values', () => {
  for (const [service, keys] of [['hub', ['SECRET_KEY', 'REDIS_URL', 'DATABASE_URL', 'SECRET_KEY_PREVIOUS', 'SMTP_URL', 'EMAIL_WEBHOOK_SECRET', 'VAPID_PRIVATE_KEY']], ['worker', ['SECRET_KEY']]]) {
    const env = envOn(service, service);
    for (const key of keys) {
      assert.ok(env.get(key)?.value_source?.[0]?.secret_key_ref, `${service}: ${key} is not a secret reference`);
      assert.equal(env.get(key).value, undefined);
    }
  }
});

test('no literal project id, region, service account or secret', () => {
  const files = [...tfFiles, ...tfvarsFiles, join(root, 'environments', 'backend.hcl.example'),
    join(root, 'otel', 'collector.yaml'), join(root, 'dashboards', 'realtime.json.tftpl')];
  const rules = [
    [/\bproject\s*=\s*"(?!\$\{)/, 'a literal project'],
    [/projects\/(?!\$\{|PROJECT\/|\[)/, 'a literal projects/ path'],
    [/\b(us|europe|asia|australia|northamerica|southamerica|me|africa)-[a-z]+[0-9]+\b/, 'a literal region'],
    [/@(?!gcp-sa-)[a-z][a-z0-9-]+\.iam\.gserviceaccount\.com/, 'a literal service account'],
    [/\b(secret_data|password|auth_string)\s*=\s*"/, 'a literal secret value'],
    [/[a-z]+:\/\/[^\s:/"@]*:(?!\$\{)[^\s@"]+@/, 'credentials in a URL'],
    [/\b(?=[A-Za-z0-9+/_-]*[0-9])(?=[A-Za-z0-9+/_-]*[A-Z])(?=[A-Za-z0-9+/_-]*[a-z])[A-Za-z0-9+/_-]{32,}\b/, 'a key-like string'],
  ];
  for (const path of files) {
    const text = read(path).split('\n').filter((line) => !/^\s*#/.test(line)).join('\n');
    for (const [pattern, what] of rules) assert.doesNotMatch(text, pattern, `${relative(root, path)}: ${what}`);
  }
});

const benchmarks = read(join(repo, 'BENCHMARKS.md'));
const serviceLevel = (name) => Number(new RegExp(`${name} p95 < (\\d+) ms`).exec(benchmarks)[1]);

test('the service levels are those in BENCHMARKS.md', () => {
  const levels = locals.service_levels;
  assert.equal(levels.connect_p95_ms, serviceLevel('connect'));
  assert.equal(levels.publish_p95_ms, serviceLevel('publish'));
  assert.equal(levels.delivery_p95_ms, serviceLevel('delivery'));
});

test('the latency alerts fire at those service levels, in their metrics\' units', () => {
  const evaluate = (expression) => {
    const js = expression.replace(/^\$\{|\}$/g, '').replace(/local\.service_levels\.([a-z0-9_]+)/g, (_, key) => String(locals.service_levels[key]));
    assert.match(js, /^[0-9.\s/*]+$/, `threshold ${expression} is not plain arithmetic on the service levels`);
    return Function(`return (${js});`)();
  };
  const cases = [
    ['delivery-latency', 'delivery', 'vividly.hub.delivery.latency', 1, null],
    ['publish-latency', 'publish', 'http.server.request.duration', 1000, '/api/v1/notifications/publish'],
    ['connect-latency', 'connect', 'http.server.request.duration', 1000, '/api/v1/notifications/hub/negotiate'],
  ];
  for (const [key, level, metric, toMs, route] of cases) {
    const alert = locals.alerts[key];
    assert.ok(alert, `no ${key} alert`);
    assert.ok(alert.filter.includes(`/${metric}\\"`) || alert.filter.includes(`/${metric}"`), `${key} does not watch ${metric}`);
    if (route) assert.ok(alert.filter.includes(route), `${key} does not watch ${route}`);
    assert.equal(alert.reducer, 'REDUCE_PERCENTILE_95');
    assert.equal(Math.round(evaluate(String(alert.threshold)) * toMs * 1000) / 1000, serviceLevel(level), `${key} threshold`);
  }
  const policy = only(resources('google_monitoring_alert_policy').alerts);
  assert.equal(policy.for_each, '${local.alerts}');
  assert.equal(only(only(policy.conditions).condition_threshold).threshold_value, '${each.value.threshold}');
});

test('the seeds\' alerts are there with their thresholds and durations', () => {
  const expect = {
    'redis-memory': ['redis.googleapis.com/stats/memory/usage_ratio', '0.8', '300s'],
    'redis-connections': ['redis.googleapis.com/clients/connected', '${floor(var.redis_max_clients * 0.9)}', '300s'],
    'connection-errors': ['vividly.hub.connection.errors', '0.05', '120s'],
  };
  for (const [key, [metric, threshold, duration]] of Object.entries(expect)) {
    const alert = locals.alerts[key];
    assert.ok(alert.filter.includes(metric), `${key} watches ${metric}`);
    assert.equal(String(alert.threshold), threshold, `${key} threshold`);
    assert.equal(alert.duration, duration, `${key} duration`);
  }
});

test('alerts and the dashboard name only instruments the hub has, or the two agreed new ones', () => {
  const agreed = ['vividly.hub.delivery.latency', 'vividly.hub.connection.errors'];
  const inCode = new Set(csFiles(join(repo, 'Vividly.Hub'))
    .flatMap((path) => [...read(path).matchAll(/"(vividly\.[a-z_.]+)"/g)].map((m) => m[1])));
  const text = JSON.stringify(locals.alerts) + read(join(root, 'dashboards', 'realtime.json.tftpl'));
  const named = new Set([...text.matchAll(/\/(vividly\.[a-z_.]+?)\\*"/g)].map((m) => m[1]));
  assert.ok(named.size > 5);
  assert.deepEqual([...named].filter((name) => !inCode.has(name) && !agreed.includes(name)), []);
});

test('the dashboard is JSON with connections, rates, latencies, errors, Redis and Cloud SQL', () => {
  const template = read(join(root, 'dashboards', 'realtime.json.tftpl'));
  const filled = template.replace(/\$\{([a-z0-9_]+)( \/ 1000)?\}/g, (_, name, per) =>
    name.endsWith('_ms') ? String(per ? 0.2 : 50) : 'resource.type = \\"x\\"');
  const dashboard = JSON.parse(filled);
  const titles = dashboard.mosaicLayout.tiles.map((tile) => tile.widget.title).join('\n');
  for (const word of ['connections', 'published and delivered', 'Delivery latency', 'Publish latency', 'Connect latency', 'Errors', 'Redis memory', 'Cloud SQL']) {
    assert.ok(titles.includes(word), `no ${word} chart`);
  }
});

test('the push subscription authenticates, dead-letters after 5 attempts and waits as long as the worker', () => {
  const subscription = only(resources('google_pubsub_subscription').worker);
  assert.ok(only(only(subscription.push_config).oidc_token).service_account_email);
  assert.equal(only(subscription.dead_letter_policy).max_delivery_attempts, '${local.max_delivery_attempts}');
  assert.equal(locals.max_delivery_attempts, 5);
  assert.equal(subscription.ack_deadline_seconds, '${var.worker_timeout_seconds}');
  const worker = only(resources('google_cloud_run_v2_service').worker);
  assert.equal(only(worker.template).timeout, '${var.worker_timeout_seconds}s');
});

test('the services export to the collector sidecar where its configuration listens', () => {
  const collector = read(join(root, 'otel', 'collector.yaml'));
  const port = /endpoint: localhost:(\d+)/.exec(collector)[1];
  assert.equal(String(locals.collector_port), port);
  for (const service of ['hub', 'worker']) {
    const env = envOn(service, service);
    assert.equal(env.get('OTEL_EXPORTER_OTLP_ENDPOINT').value, 'http://localhost:${local.collector_port}');
    const template = only(only(resources('google_cloud_run_v2_service')[service]).template);
    assert.ok(template.containers.some((c) => c.name === 'otel-collector'), `${service} has no collector sidecar`);
  }
});

test('files are formatted: two-space indentation, aligned equals signs', () => {
  const attribute = /^(\s*)([A-Za-z_][\w-]*|"[^"]+")(\s*)=(?![=>])/;
  for (const path of [...tfFiles, ...tfvarsFiles]) {
    const lines = read(path).split('\n');
    const where = (i) => `${relative(root, path)}:${i + 1}`;
    assert.equal(lines.at(-1), '', `${relative(root, path)} must end with a newline`);
    let run = [];
    const close = () => {
      const columns = new Set(run.map((m) => m[1].length + m[2].length + m[3].length));
      const width = Math.max(...run.map((m) => m[2].length));
      assert.ok(columns.size <= 1, `${where(run[0].index)}: equals signs not aligned`);
      for (const m of run) assert.equal(m[3].length, width - m[2].length + 1, `${where(m.index)}: one space after the longest name`);
      run = [];
    };
    lines.forEach((line, i) => {
      assert.doesNotMatch(line, /\t|\s$/, `${where(i)}: tab or trailing space`);
      assert.equal(/^ */.exec(line)[0].length % 2, 0, `${where(i)}: indentation`);
      const m = /^\s*#/.test(line) ? null : attribute.exec(line);
      if (m && (run.length === 0 || run[0][1] === m[1])) { m.index = i; run.push(m); return; }
      if (run.length) close();
      if (m) { m.index = i; run.push(m); }
    });
    if (run.length) close();
  }
});
