-- OrleansLicense: PostgreSQL schema of the storage providers (OrleansLicense.Runtime.Postgres).
--
-- For administrators who create the schema ahead of time, for example so the silos can run under
-- a role without CREATE rights. The providers migrate the schema themselves on first use when
-- they may; on a schema created by this script they find schema version 1 and run no DDL at all.
--
-- This is migration 1 (src/OrleansLicense.Runtime.Postgres/Sql/001_schema.sql) rendered for the
-- default schema "olic", plus the schema_version table the migrator keeps. For another schema
-- (PostgresStorageOptions.Schema), replace every "olic." below. Safe to run more than once.
--
--   psql "host=... dbname=... user=owner" -v ON_ERROR_STOP=1 -f postgres-schema.sql
--
-- A silo role then needs no more than:
--   GRANT USAGE ON SCHEMA olic TO silo;
--   GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA olic TO silo;
--
-- Times are timestamptz written in UTC; versions and sequence numbers are bigint; reminder
-- grain_hash holds the unsigned 32-bit hash unchanged (0 .. 4294967295) in a bigint.

BEGIN;

CREATE SCHEMA IF NOT EXISTS olic;

-- The migrator's bookkeeping: one row per applied migration.
CREATE TABLE IF NOT EXISTS olic.schema_version (
    version    bigint      NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT schema_version_pk PRIMARY KEY (version)
);

-- Versioned grain state documents; the version column is the compare-and-swap.
-- json is text, not jsonb: a document must read back byte for byte (jsonb reorders keys).
CREATE TABLE IF NOT EXISTS olic.grain_state (
    state_name text   NOT NULL,
    grain_id   text   NOT NULL,
    json       text   NOT NULL,
    version    bigint NOT NULL CHECK (version > 0),
    CONSTRAINT grain_state_pk PRIMARY KEY (state_name, grain_id)
);

-- Append-only event logs. The primary key is the fence: two appenders expecting the same
-- length both write the same sequence numbers, and the second one fails whole.
CREATE TABLE IF NOT EXISTS olic.event_log (
    log_name    text        NOT NULL,
    grain_id    text        NOT NULL,
    seq         bigint      NOT NULL CHECK (seq > 0),
    json        text        NOT NULL,
    recorded_at timestamptz NOT NULL,
    CONSTRAINT event_log_pk PRIMARY KEY (log_name, grain_id, seq)
);

-- The newest snapshot per log: the folded state after event "version".
CREATE TABLE IF NOT EXISTS olic.snapshot (
    log_name text   NOT NULL,
    grain_id text   NOT NULL,
    version  bigint NOT NULL CHECK (version >= 0),
    json     text   NOT NULL,
    CONSTRAINT snapshot_pk PRIMARY KEY (log_name, grain_id)
);

-- Durable reminders. grain_hash is the unsigned 32-bit GrainId.StableHash() stored unchanged in a
-- bigint (0 .. 4294967295), so ring ranges compare plain numbers: an int column would need the
-- uint->int offset mapping and make hashes above 2^31 sort below zero.
CREATE TABLE IF NOT EXISTS olic.reminder (
    grain_id   text        NOT NULL,
    name       text        NOT NULL,
    start_at   timestamptz NOT NULL,
    period     interval    NOT NULL,
    grain_hash bigint      NOT NULL CHECK (grain_hash BETWEEN 0 AND 4294967295),
    version    bigint      NOT NULL CHECK (version > 0),
    CONSTRAINT reminder_pk PRIMARY KEY (grain_id, name)
);

CREATE INDEX IF NOT EXISTS ix_reminder_grain_hash ON olic.reminder (grain_hash);

-- One version per cluster: the only compare-and-swap point of the membership table. Every
-- insert and update of a membership row bumps it in the same transaction.
CREATE TABLE IF NOT EXISTS olic.membership_version (
    cluster_id text   NOT NULL,
    version    bigint NOT NULL CHECK (version >= 0),
    CONSTRAINT membership_version_pk PRIMARY KEY (cluster_id)
);

-- Silo rows. iamalive_at is written without the version (a dirty liveness write).
-- suspicions is a JSON array of {"voter": "host:port@generation", "at": "<ISO 8601 UTC>"}.
CREATE TABLE IF NOT EXISTS olic.membership (
    cluster_id  text        NOT NULL,
    host        text        NOT NULL,
    port        integer     NOT NULL,
    generation  bigint      NOT NULL,
    silo_name   text        NOT NULL,
    gateway_url text        NOT NULL,
    status      integer     NOT NULL,
    started_at  timestamptz NOT NULL,
    iamalive_at timestamptz NOT NULL,
    suspicions  jsonb       NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(suspicions) = 'array'),
    role        text,
    CONSTRAINT membership_pk PRIMARY KEY (cluster_id, host, port, generation),
    CONSTRAINT membership_cluster_fk FOREIGN KEY (cluster_id) REFERENCES olic.membership_version (cluster_id)
);

-- The grain directory: one row per grain and cluster; silo is "host:port@generation".
CREATE TABLE IF NOT EXISTS olic.grain_directory (
    cluster_id    text NOT NULL,
    grain_id      text NOT NULL,
    silo          text NOT NULL,
    activation_id text NOT NULL,
    CONSTRAINT grain_directory_pk PRIMARY KEY (cluster_id, grain_id)
);

CREATE INDEX IF NOT EXISTS ix_grain_directory_silo ON olic.grain_directory (cluster_id, silo);

INSERT INTO olic.schema_version (version, applied_at) VALUES (1, now()) ON CONFLICT DO NOTHING;

COMMIT;
