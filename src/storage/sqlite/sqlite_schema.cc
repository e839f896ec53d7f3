// SPDX-License-Identifier: Apache-2.0
// The schema in SQLite's dialect (AUTOINCREMENT positions, json_extract expression indexes).
// A PostgreSQL backend declares the same steps in its own dialect: the same number of steps,
// each meaning the same, so that schema versions agree across backends.
#include "storage/sqlite/sqlite_schema.h"

namespace samverka::storage {
namespace {

// Append only: never edit a migration once released; add the next one.
const std::vector<const char*>& catalog_steps() {
  static const std::vector<const char*> kMigrations = {
      // 1: accounts, organisations, catalogue, change log, activity.
      R"sql(
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  email TEXT NOT NULL,
  password_hash TEXT,
  sysadmin INTEGER NOT NULL DEFAULT 0,
  created TEXT NOT NULL
);
CREATE TABLE tokens (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT,
  hash TEXT NOT NULL UNIQUE,
  created TEXT NOT NULL,
  expires INTEGER,
  revoked TEXT
);
CREATE TABLE organizations (
  id TEXT PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name_sv TEXT NOT NULL,
  name_en TEXT,
  org_number TEXT UNIQUE,
  type TEXT,
  homepage TEXT,
  email TEXT,
  created TEXT NOT NULL,
  modified TEXT NOT NULL,
  revision INTEGER NOT NULL
);
CREATE TABLE memberships (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'member')),
  PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX memberships_by_user ON memberships(user_id);
CREATE TABLE datasets (
  position INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  slug TEXT NOT NULL UNIQUE,
  publisher_id TEXT REFERENCES organizations(id),
  state TEXT NOT NULL,
  private INTEGER NOT NULL,
  created TEXT NOT NULL,
  record_modified TEXT NOT NULL,
  revision INTEGER NOT NULL,
  document TEXT NOT NULL
);
CREATE INDEX datasets_by_publisher ON datasets(publisher_id, position);
CREATE INDEX datasets_by_record_modified ON datasets(record_modified);
CREATE TABLE data_services (
  position INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  publisher_id TEXT REFERENCES organizations(id),
  created TEXT NOT NULL,
  record_modified TEXT NOT NULL,
  revision INTEGER NOT NULL,
  document TEXT NOT NULL
);
CREATE TABLE changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  op TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE TABLE activity (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dataset_id TEXT NOT NULL,
  revision INTEGER NOT NULL,
  user_id TEXT,
  user_name TEXT,
  at TEXT NOT NULL,
  op TEXT NOT NULL,
  changes TEXT NOT NULL
);
CREATE INDEX activity_by_dataset ON activity(dataset_id, id);
)sql",
      // 2: covering indexes for pages of public datasets (RDF catalogue, CKAN package_list), so
      // skipping to page N reads the index, not every document before it.
      R"sql(
CREATE INDEX datasets_public ON datasets(state, private, position);
CREATE INDEX datasets_public_by_publisher ON datasets(state, private, publisher_id, position);
)sql",
      // 3: RDF import: matching datasets by dct:identifier and IRI, data services by IRI,
      // publishers by name, and the import reports.
      R"sql(
CREATE INDEX datasets_by_identifier ON datasets(publisher_id, json_extract(document, '$.identifier'));
CREATE INDEX datasets_by_iri ON datasets(json_extract(document, '$.iri'));
CREATE INDEX data_services_by_iri ON data_services(json_extract(document, '$.iri'));
CREATE INDEX organizations_by_name ON organizations(name_sv);
CREATE TABLE imports (
  id TEXT PRIMARY KEY,
  created TEXT NOT NULL,
  user_id TEXT,
  publisher_id TEXT,
  status TEXT NOT NULL,
  report TEXT NOT NULL
);
)sql",
      // 4: the portal's sign-in: sessions (by the hash of their cookie) and failed attempts
      // per login (by its hash), for slowing down and locking out password guessing.
      R"sql(
CREATE TABLE sessions (
  hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created TEXT NOT NULL,
  expires INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);
CREATE TABLE sign_in_failures (
  login_hash TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_failure INTEGER NOT NULL,
  locked_until INTEGER NOT NULL DEFAULT 0
);
)sql",
      // 5: which data services serve a dataset (its page lists them), kept by the data
      // services' writes; filled here from the services already stored. Failed sign-ins by
      // time, so that old ones are swept.
      R"sql(
CREATE TABLE data_service_datasets (
  dataset_id TEXT NOT NULL,
  data_service_id TEXT NOT NULL REFERENCES data_services(id) ON DELETE CASCADE,
  PRIMARY KEY (dataset_id, data_service_id)
) WITHOUT ROWID;
CREATE INDEX data_service_datasets_by_service ON data_service_datasets(data_service_id);
CREATE INDEX sign_in_failures_by_time ON sign_in_failures(last_failure);
INSERT OR IGNORE INTO data_service_datasets (dataset_id, data_service_id)
  SELECT served.value, data_services.id
  FROM data_services, json_each(data_services.document, '$.serves_datasets') AS served
  WHERE served.type = 'text';
)sql",
      // 6: harvest sources (publishers' own catalogues at a URL) and their runs.
      R"sql(
CREATE TABLE harvest_sources (
  position INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  url TEXT NOT NULL,
  type TEXT NOT NULL,
  publisher_id TEXT REFERENCES organizations(id),
  schedule TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  priority INTEGER NOT NULL,
  created TEXT NOT NULL,
  modified TEXT NOT NULL,
  revision INTEGER NOT NULL,
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT ''
);
CREATE TABLE harvest_runs (
  id TEXT PRIMARY KEY,
  source_id TEXT NOT NULL REFERENCES harvest_sources(id) ON DELETE CASCADE,
  started TEXT NOT NULL,
  finished TEXT,
  status TEXT NOT NULL,
  message TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX harvest_runs_by_source ON harvest_runs(source_id, started);
)sql",
      // 7: which harvest source a dataset came from: the revision the harvest left it at (to
      // tell edits made here since) and how many runs in a row have not seen it.
      R"sql(
CREATE TABLE harvested_datasets (
  dataset_id TEXT PRIMARY KEY REFERENCES datasets(id) ON DELETE CASCADE,
  source_id TEXT NOT NULL REFERENCES harvest_sources(id) ON DELETE CASCADE,
  iri TEXT NOT NULL,
  revision INTEGER NOT NULL,
  missed_runs INTEGER NOT NULL DEFAULT 0,
  last_seen_run TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX harvested_datasets_by_source ON harvested_datasets(source_id);
)sql",
      // 8: a fingerprint of what the source said of a harvested dataset, to pass over what did
      // not change ('' until a run stores it).
      R"sql(
ALTER TABLE harvested_datasets ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';
)sql",
      // 9: metadata quality: what link checks saw of each URL (the latest, and a short
      // history), and the scores of the catalogue ('') and of each publisher over time.
      R"sql(
CREATE TABLE link_checks (
  url TEXT PRIMARY KEY,
  status INTEGER NOT NULL,
  reachable INTEGER NOT NULL,
  error TEXT NOT NULL DEFAULT '',
  final_url TEXT NOT NULL DEFAULT '',
  content_type TEXT NOT NULL DEFAULT '',
  content_length INTEGER,
  method TEXT NOT NULL DEFAULT '',
  checked TEXT NOT NULL,
  streak INTEGER NOT NULL DEFAULT 1,
  next_check TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE link_check_history (
  url TEXT NOT NULL,
  checked TEXT NOT NULL,
  status INTEGER NOT NULL,
  reachable INTEGER NOT NULL,
  error TEXT NOT NULL DEFAULT '',
  final_url TEXT NOT NULL DEFAULT '',
  content_type TEXT NOT NULL DEFAULT '',
  content_length INTEGER,
  PRIMARY KEY (url, checked)
) WITHOUT ROWID;
CREATE TABLE quality_scores (
  scope TEXT NOT NULL,
  scored TEXT NOT NULL,
  datasets INTEGER NOT NULL,
  summary TEXT NOT NULL,
  PRIMARY KEY (scope, scored)
) WITHOUT ROWID;
)sql",
      // 10: each dataset's score over time (points in tenths): a row when a quality run finds it
      // changed.
      R"sql(
CREATE TABLE quality_dataset_scores (
  dataset_id TEXT NOT NULL,
  scored TEXT NOT NULL,
  tenths INTEGER NOT NULL,
  dimensions TEXT NOT NULL,
  PRIMARY KEY (dataset_id, scored)
) WITHOUT ROWID;
)sql",
  };
  return kMigrations;
}

// The job queue's own database (jobs.db beside samverka.db with SQLite): queuing a job or
// recording its progress never waits for a long catalogue write. Append only, like the above.
const std::vector<const char*>& job_steps() {
  static const std::vector<const char*> kMigrations = {
      // 1: jobs and their logs.
      R"sql(
CREATE TABLE jobs (
  position INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  parameters TEXT NOT NULL,
  organization_id TEXT,
  created_by TEXT,
  done INTEGER NOT NULL DEFAULT 0,
  total INTEGER NOT NULL DEFAULT 0,
  stage TEXT NOT NULL DEFAULT '',
  result TEXT,
  message TEXT NOT NULL DEFAULT '',
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  created TEXT NOT NULL,
  started TEXT,
  finished TEXT
);
CREATE INDEX jobs_by_state ON jobs(state, position);
CREATE TABLE job_log (
  job_id TEXT NOT NULL,
  line INTEGER NOT NULL,
  at TEXT NOT NULL,
  level TEXT NOT NULL,
  message TEXT NOT NULL,
  PRIMARY KEY (job_id, line)
);
)sql",
  };
  return kMigrations;
}

}  // namespace

const std::vector<const char*>& sqlite_migration_steps(Schema schema) {
  return schema == Schema::kJobs ? job_steps() : catalog_steps();
}

}  // namespace samverka::storage
