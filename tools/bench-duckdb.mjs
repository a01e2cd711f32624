// DuckDB side of tools/bench.sh: the same question as `get-access-denied --path` (every denial grouped by principal,
// action, error code), asked with read_json over the gzip log files. Not a project dependency: it runs only where
// @duckdb/node-api is installed (NODE_PATH or a node_modules folder next to it). Prints the number of denials.
// Usage: node tools/bench-duckdb.mjs LOG_FOLDER 'AccessDenied','AccessDeniedException',...
import { createRequire } from 'node:module';

const require = createRequire(process.env.DUCKDB_NODE_MODULES ? process.env.DUCKDB_NODE_MODULES + '/' : import.meta.url);
const { DuckDBInstance } = require('@duckdb/node-api');

const [folder, codes] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const connection = await instance.connect();
const sql = `
  WITH records AS (
    SELECT unnest(Records) AS r
    FROM read_json('${folder}/**/*.json.gz', format = 'auto', maximum_object_size = 268435456, union_by_name = true)
  )
  SELECT r.userIdentity.arn AS principal, r.eventSource AS source, r.eventName AS name, r.errorCode AS code,
         count(*) AS n, min(r.eventTime) AS first_seen, max(r.eventTime) AS last_seen
  FROM records
  WHERE r.errorCode IN (${codes})
  GROUP BY ALL
  ORDER BY n DESC, principal, name`;
const reader = await connection.runAndReadAll(sql);
let denials = 0;
for (const row of reader.getRowObjects()) {
  denials += Number(row.n);
}
console.log(denials);
