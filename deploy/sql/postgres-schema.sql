-- OrleansLicense: the PostgreSQL schema of a grid (PostgreSQL 15 or later).
--
-- One file holds everything the silos of a grid share in one database:
--   * Orleans' ADO.NET providers for clustering (membership), grain persistence and reminders. They
--     run only the named statements in table orleansquery, so that table, the tables its statements
--     use and the statements themselves are the contract. Query keys, parameter names, result column
--     names and the version/ETag rules follow Orleans' src/AdoNet PostgreSQL scripts at dotnet/orleans
--     commit e558829b0b0f696e98c222438106e643fb53928f (main, 2026-08-22), plus the membership changes
--     of Migrations/PostgreSQL-Clustering-AtomicWrites.sql as of commit 001102871c81 (heartbeats that
--     never move back, the optional CleanupDefunctSiloEntryKey), checked against what the 10.4.2
--     packages (built from 876ffe0338e4, whose source was not available) bind and read. The tables and
--     statements are ours: every table has a primary key, and the write statement binds only
--     @PayloadBinary, as 10.4.2 does.
--   * Our own tables: the seat pools' event logs (olic_event_log, olic_event_snapshot) and the schema
--     version (olic_schema_version).
--
-- Silos apply this file at start (OrleansLicense.Storage.Postgres embeds it), under an advisory lock,
-- and skip it when olic_schema_version already holds its version. An operator may apply it ahead of
-- time instead, for example so that the silos can run under a role without CREATE rights:
--
--   psql "host=... dbname=... user=owner" --single-transaction -v ON_ERROR_STOP=1 -f postgres-schema.sql
--
-- (--single-transaction keeps the advisory lock below for the whole file.) Running it again is
-- harmless: tables and indexes are created only if missing, functions are replaced, and the named
-- statements are upserted, so a newer file also corrects the statements an older one stored.
--
-- Everything is created in the first schema of search_path (public by default), because Orleans
-- names its tables without a schema. For another schema, create it and set "Search Path=<schema>"
-- in the silos' connection string (and PGOPTIONS=--search_path=<schema> for psql).
--
-- A silo role needs no more than:
--   GRANT USAGE ON SCHEMA public TO silo;
--   GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO silo;
--   GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO silo;
--
-- Identifiers are unquoted, so PostgreSQL folds them to lower case (Orleans' OrleansQuery is
-- orleansquery). Times are timestamptz, written in UTC.

-- Serializes concurrent appliers (several silos starting at once) per database and schema.
SELECT pg_advisory_xact_lock(hashtext('OrleansLicense schema'), hashtext(current_schema()));

CREATE TABLE IF NOT EXISTS olic_schema_version (
    version    integer     NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT olic_schema_version_pk PRIMARY KEY (version)
);

-- The named statements of Orleans' ADO.NET providers (read whole at provider start).
CREATE TABLE IF NOT EXISTS orleansquery (
    querykey  varchar(64) NOT NULL,
    querytext text        NOT NULL,
    CONSTRAINT orleansquery_pk PRIMARY KEY (querykey)
);

------------------------------------------------------------------------------------------------------
-- Clustering (membership)
------------------------------------------------------------------------------------------------------

-- One row per cluster (Orleans' DeploymentId is the ClusterId). version is the only compare-and-swap
-- point of membership: every insert or change of a silo row bumps it in the same transaction, and
-- Orleans carries it as the table's ETag (an int32).
CREATE TABLE IF NOT EXISTS orleansmembershipversiontable (
    deploymentid text           NOT NULL,
    timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    version      integer        NOT NULL DEFAULT 0,
    CONSTRAINT orleansmembershipversiontable_pk PRIMARY KEY (deploymentid)
);

-- One row per silo incarnation. suspecttimes is Orleans' "silo,time|silo,time" text.
CREATE TABLE IF NOT EXISTS orleansmembershiptable (
    deploymentid text           NOT NULL,
    address      text           NOT NULL,
    port         integer        NOT NULL,
    generation   integer        NOT NULL,
    siloname     text           NOT NULL,
    hostname     text           NOT NULL,
    status       integer        NOT NULL,
    proxyport    integer        NOT NULL,
    suspecttimes text,
    starttime    timestamptz(3) NOT NULL,
    iamalivetime timestamptz(3) NOT NULL,
    CONSTRAINT orleansmembershiptable_pk PRIMARY KEY (deploymentid, address, port, generation),
    CONSTRAINT orleansmembershiptable_version_fk FOREIGN KEY (deploymentid)
        REFERENCES orleansmembershipversiontable (deploymentid)
);

-- Inserts a silo row if the cluster is still at p_version, and bumps the version; 1 if done, else 0.
-- The version row is locked first and only at the expected version (a concurrent writer that got
-- there first makes the re-checked WHERE fail), so nothing is written unless the whole change is.
CREATE OR REPLACE FUNCTION olic_membership_insert(
    p_deployment_id text, p_address text, p_port integer, p_generation integer, p_silo_name text,
    p_host_name text, p_status integer, p_proxy_port integer, p_start_time timestamptz,
    p_i_am_alive_time timestamptz, p_version integer)
RETURNS integer
LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM 1 FROM orleansmembershipversiontable v
    WHERE v.deploymentid = p_deployment_id AND v.version = p_version AND v.version < 2147483647
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    INSERT INTO orleansmembershiptable
        (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port, p_start_time, p_i_am_alive_time)
    ON CONFLICT (deploymentid, address, port, generation) DO NOTHING;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleansmembershipversiontable v
    SET version = v.version + 1, timestamp = now()
    WHERE v.deploymentid = p_deployment_id;
    RETURN 1;
END
$fn$;

-- Changes a silo row's status and suspicions if the cluster is still at p_version, and bumps the
-- version; 1 if done, else 0. A heartbeat time never moves backwards.
CREATE OR REPLACE FUNCTION olic_membership_update(
    p_deployment_id text, p_address text, p_port integer, p_generation integer, p_status integer,
    p_suspect_times text, p_i_am_alive_time timestamptz, p_version integer)
RETURNS integer
LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM 1 FROM orleansmembershipversiontable v
    WHERE v.deploymentid = p_deployment_id AND v.version = p_version AND v.version < 2147483647
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleansmembershiptable m
    SET status = p_status, suspecttimes = p_suspect_times, iamalivetime = GREATEST(m.iamalivetime, p_i_am_alive_time)
    WHERE m.deploymentid = p_deployment_id AND m.address = p_address AND m.port = p_port AND m.generation = p_generation;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleansmembershipversiontable v
    SET version = v.version + 1, timestamp = now()
    WHERE v.deploymentid = p_deployment_id;
    RETURN 1;
END
$fn$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('InsertMembershipVersionKey', $q$
    WITH inserted AS (
        INSERT INTO orleansmembershipversiontable (deploymentid) VALUES (@DeploymentId)
        ON CONFLICT (deploymentid) DO NOTHING
        RETURNING 1)
    SELECT count(*)::integer FROM inserted;
$q$),
('InsertMembershipKey', $q$
    SELECT olic_membership_insert(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
        @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version);
$q$),
('UpdateMembershipKey', $q$
    SELECT olic_membership_update(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes,
        @IAmAliveTime, @Version);
$q$),
-- A heartbeat: no version bump (Orleans expects it never to fail, and reads no result).
('UpdateIAmAlivetimeKey', $q$
    UPDATE orleansmembershiptable m
    SET iamalivetime = GREATEST(m.iamalivetime, @IAmAliveTime)
    WHERE m.deploymentid = @DeploymentId AND m.address = @Address AND m.port = @Port AND m.generation = @Generation;
$q$),
-- The version row is always returned, with NULL silo columns when the silo has no row.
('MembershipReadRowKey', $q$
    SELECT v.deploymentid AS "DeploymentId", m.address AS "Address", m.port AS "Port",
        m.generation AS "Generation", m.siloname AS "SiloName", m.hostname AS "HostName",
        m.status AS "Status", m.proxyport AS "ProxyPort", m.suspecttimes AS "SuspectTimes",
        m.starttime AS "StartTime", m.iamalivetime AS "IAmAliveTime", v.version AS "Version"
    FROM orleansmembershipversiontable v
    LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
        AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    WHERE v.deploymentid = @DeploymentId;
$q$),
('MembershipReadAllKey', $q$
    SELECT v.deploymentid AS "DeploymentId", m.address AS "Address", m.port AS "Port",
        m.generation AS "Generation", m.siloname AS "SiloName", m.hostname AS "HostName",
        m.status AS "Status", m.proxyport AS "ProxyPort", m.suspecttimes AS "SuspectTimes",
        m.starttime AS "StartTime", m.iamalivetime AS "IAmAliveTime", v.version AS "Version"
    FROM orleansmembershipversiontable v
    LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
    WHERE v.deploymentid = @DeploymentId;
$q$),
('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId;
    DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId;
$q$),
-- @Status is Active (3); clients connect to these gateways.
('GatewaysQueryKey', $q$
    SELECT address AS "Address", proxyport AS "ProxyPort", generation AS "Generation"
    FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0;
$q$),
-- Required by 10.4.2, but used only when CleanupDefunctSiloEntryKey is missing: drops Dead (6) rows
-- whose start and last heartbeat are older than @IAmAliveTime.
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId AND status = 6
        AND iamalivetime < @IAmAliveTime AND starttime < @IAmAliveTime;
$q$),
-- Drops one Dead row that Orleans found old enough, only if it is still exactly the row it read.
('CleanupDefunctSiloEntryKey', $q$
    DELETE FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId AND status = 6
        AND address = @Address AND port = @Port AND generation = @Generation
        AND iamalivetime = @IAmAliveTime AND starttime = @StartTime
        AND COALESCE(suspecttimes, '') = COALESCE(@SuspectTimes, '');
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

------------------------------------------------------------------------------------------------------
-- Grain persistence
------------------------------------------------------------------------------------------------------

-- One row per grain state. graintypestring is the state's name ([PersistentState("name")]) and the
-- grain id is split as Orleans does: n0/n1 for integer and GUID keys, grainidextensionstring for a
-- string key or a key extension (NULL when there is none). The hashes are Orleans' and part of the
-- identity its statements look up. Since grainidextensionstring may be NULL, the natural key cannot
-- be the primary key: a surrogate id is, and the natural key is unique with NULLs equal (PostgreSQL 15).
-- Its index leads with the hashes, so it also serves every lookup. version is the ETag (an int32).
-- payloadbinary is the state as UTF-8 JSON; read it with convert_from(payloadbinary, 'UTF8').
CREATE TABLE IF NOT EXISTS orleansstorage (
    id                     bigint GENERATED ALWAYS AS IDENTITY,
    grainidhash            integer     NOT NULL,
    graintypehash          integer     NOT NULL,
    serviceid              text        NOT NULL,
    grainidn0              bigint      NOT NULL,
    grainidn1              bigint      NOT NULL,
    graintypestring        text        NOT NULL,
    grainidextensionstring text,
    payloadbinary          bytea,
    modifiedon             timestamptz NOT NULL DEFAULT now(),
    version                integer     NOT NULL,
    CONSTRAINT orleansstorage_pk PRIMARY KEY (id),
    CONSTRAINT orleansstorage_grain_uq UNIQUE NULLS NOT DISTINCT
        (grainidhash, graintypehash, serviceid, grainidn0, grainidn1, graintypestring, grainidextensionstring)
);

-- Schema version 2 (#12 storage growth): when the row may be deleted. A state implementing IExpiringState writes
-- its "ForgetAfter" (the payload's top-level JSON property; NULL when absent or null, which keeps the row for good),
-- and every silo's sweep deletes the rows whose time has passed, in chunks. Added to version 1 tables in place; the
-- partial index holds only the rows with a time (ended sessions), so the sweep never reads the rest.
ALTER TABLE orleansstorage ADD COLUMN IF NOT EXISTS forgetafter timestamptz;
CREATE INDEX IF NOT EXISTS orleansstorage_forgetafter_ix ON orleansstorage (forgetafter) WHERE forgetafter IS NOT NULL;

-- Sessions that ended before version 2 never stored a ForgetAfter: without one they would stay for good, so they get
-- one retention (Licensing:EndedSessionRetention's default, an hour) from the upgrade. "Status" 2 is logged out, 3
-- ended by the server. Sessions ended since always carry a time, so applying the file again finds none of these.
UPDATE orleansstorage SET forgetafter = now() + interval '1 hour'
WHERE forgetafter IS NULL AND graintypestring = 'session' AND payloadbinary IS NOT NULL
    AND convert_from(payloadbinary, 'UTF8')::jsonb ->> 'Status' IN ('2', '3');

-- Writes: with @GrainStateVersion NULL (never read) only an insert of version 1; otherwise only an
-- update of the row still at that version. Either way the new version is returned, or NULL when the
-- write lost, which Orleans turns into an InconsistentStateException. Versions wrap from int32's
-- maximum to 1 (Orleans parses ETags as int32; only equality matters).
-- forgetafter is read from the payload only when its bytes name "ForgetAfter", so other writes parse no JSON.
-- Clear keeps the row with a NULL payload and a new version; delete (DeleteStateOnClear, which the silo
-- sets: a cleared state leaves no row, as on SQLite) removes it.
INSERT INTO orleansquery (querykey, querytext) VALUES
('WriteToStorageKey', $q$
    WITH expiry AS (
        SELECT CASE WHEN position('"ForgetAfter"'::bytea IN @PayloadBinary) > 0
            THEN (convert_from(@PayloadBinary, 'UTF8')::json ->> 'ForgetAfter')::timestamptz END AS forgetafter),
    updated AS (
        UPDATE orleansstorage s
        SET payloadbinary = @PayloadBinary, forgetafter = (SELECT forgetafter FROM expiry), modifiedon = now(),
            version = CASE WHEN s.version = 2147483647 THEN 1 ELSE s.version + 1 END
        WHERE @GrainStateVersion IS NOT NULL AND s.version = @GrainStateVersion
            AND s.grainidhash = @GrainIdHash AND s.graintypehash = @GrainTypeHash AND s.serviceid = @ServiceId
            AND s.grainidn0 = @GrainIdN0 AND s.grainidn1 = @GrainIdN1 AND s.graintypestring = @GrainTypeString
            AND s.grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
        RETURNING s.version),
    inserted AS (
        INSERT INTO orleansstorage (grainidhash, graintypehash, serviceid, grainidn0, grainidn1,
            graintypestring, grainidextensionstring, payloadbinary, forgetafter, version)
        SELECT @GrainIdHash, @GrainTypeHash, @ServiceId, @GrainIdN0, @GrainIdN1,
            @GrainTypeString, @GrainIdExtensionString, @PayloadBinary, (SELECT forgetafter FROM expiry), 1
        WHERE @GrainStateVersion IS NULL
        ON CONFLICT ON CONSTRAINT orleansstorage_grain_uq DO NOTHING
        RETURNING version)
    SELECT (SELECT version FROM updated UNION ALL SELECT version FROM inserted) AS "NewGrainStateVersion";
$q$),
('ReadFromStorageKey', $q$
    SELECT s.payloadbinary AS "PayloadBinary", s.version AS "Version"
    FROM orleansstorage s
    WHERE s.grainidhash = @GrainIdHash AND s.graintypehash = @GrainTypeHash AND s.serviceid = @ServiceId
        AND s.grainidn0 = @GrainIdN0 AND s.grainidn1 = @GrainIdN1 AND s.graintypestring = @GrainTypeString
        AND s.grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString;
$q$),
('ClearStorageKey', $q$
    UPDATE orleansstorage s
    SET payloadbinary = NULL, modifiedon = now(),
        version = CASE WHEN s.version = 2147483647 THEN 1 ELSE s.version + 1 END
    WHERE s.version = @GrainStateVersion
        AND s.grainidhash = @GrainIdHash AND s.graintypehash = @GrainTypeHash AND s.serviceid = @ServiceId
        AND s.grainidn0 = @GrainIdN0 AND s.grainidn1 = @GrainIdN1 AND s.graintypestring = @GrainTypeString
        AND s.grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
    RETURNING s.version AS "NewGrainStateVersion";
$q$),
('DeleteStorageKey', $q$
    DELETE FROM orleansstorage s
    WHERE s.version = @GrainStateVersion
        AND s.grainidhash = @GrainIdHash AND s.graintypehash = @GrainTypeHash AND s.serviceid = @ServiceId
        AND s.grainidn0 = @GrainIdN0 AND s.grainidn1 = @GrainIdN1 AND s.graintypestring = @GrainTypeString
        AND s.grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
    RETURNING CASE WHEN s.version = 2147483647 THEN 1 ELSE s.version + 1 END AS "NewGrainStateVersion";
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

------------------------------------------------------------------------------------------------------
-- Reminders
------------------------------------------------------------------------------------------------------

-- grainhash is Orleans' uniform hash of the grain id (uint32) stored as the int32 with the same bits;
-- Orleans picks ReadRangeRows1Key or ReadRangeRows2Key by comparing the range ends the same way.
-- period is in milliseconds; version is the ETag (an int32).
CREATE TABLE IF NOT EXISTS orleansreminderstable (
    serviceid    text           NOT NULL,
    grainid      text           NOT NULL,
    remindername text           NOT NULL,
    starttime    timestamptz(3) NOT NULL,
    period       bigint         NOT NULL,
    grainhash    integer        NOT NULL,
    version      integer        NOT NULL,
    CONSTRAINT orleansreminderstable_pk PRIMARY KEY (serviceid, grainid, remindername)
);

CREATE INDEX IF NOT EXISTS orleansreminderstable_grainhash_ix ON orleansreminderstable (serviceid, grainhash);

INSERT INTO orleansquery (querykey, querytext) VALUES
('UpsertReminderRowKey', $q$
    INSERT INTO orleansreminderstable AS r (serviceid, grainid, remindername, starttime, period, grainhash, version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT (serviceid, grainid, remindername) DO UPDATE
    SET starttime = excluded.starttime, period = excluded.period, grainhash = excluded.grainhash,
        version = CASE WHEN r.version = 2147483647 THEN 0 ELSE r.version + 1 END
    RETURNING r.version AS "Version";
$q$),
('ReadReminderRowKey', $q$
    SELECT grainid AS "GrainId", remindername AS "ReminderName", starttime AS "StartTime",
        period AS "Period", version AS "Version"
    FROM orleansreminderstable
    WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName;
$q$),
('ReadReminderRowsKey', $q$
    SELECT grainid AS "GrainId", remindername AS "ReminderName", starttime AS "StartTime",
        period AS "Period", version AS "Version"
    FROM orleansreminderstable
    WHERE serviceid = @ServiceId AND grainid = @GrainId;
$q$),
-- The range (@BeginHash, @EndHash] when it does not wrap ...
('ReadRangeRows1Key', $q$
    SELECT grainid AS "GrainId", remindername AS "ReminderName", starttime AS "StartTime",
        period AS "Period", version AS "Version"
    FROM orleansreminderstable
    WHERE serviceid = @ServiceId AND grainhash > @BeginHash AND grainhash <= @EndHash;
$q$),
-- ... and when it wraps around.
('ReadRangeRows2Key', $q$
    SELECT grainid AS "GrainId", remindername AS "ReminderName", starttime AS "StartTime",
        period AS "Period", version AS "Version"
    FROM orleansreminderstable
    WHERE serviceid = @ServiceId AND (grainhash > @BeginHash OR grainhash <= @EndHash);
$q$),
('DeleteReminderRowKey', $q$
    WITH deleted AS (
        DELETE FROM orleansreminderstable
        WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName AND version = @Version
        RETURNING 1)
    SELECT count(*)::integer FROM deleted;
$q$),
('DeleteReminderRowsKey', $q$
    DELETE FROM orleansreminderstable WHERE serviceid = @ServiceId;
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

------------------------------------------------------------------------------------------------------
-- The seat pools' event logs (OrleansLicense.Storage.EventLogs.IEventLogStore)
------------------------------------------------------------------------------------------------------

-- Append-only and gap-free from 1 per (log_name, grain_id). The primary key is the fence: two
-- appenders expecting the same length write the same sequence numbers, and the later one fails whole.
-- json is text, not jsonb: an event must read back byte for byte.
CREATE TABLE IF NOT EXISTS olic_event_log (
    log_name    text        NOT NULL,
    grain_id    text        NOT NULL,
    seq         bigint      NOT NULL CHECK (seq > 0),
    json        text        NOT NULL,
    recorded_at timestamptz NOT NULL,
    CONSTRAINT olic_event_log_pk PRIMARY KEY (log_name, grain_id, seq)
);

-- The newest snapshot per log: the folded state after event "version".
CREATE TABLE IF NOT EXISTS olic_event_snapshot (
    log_name text   NOT NULL,
    grain_id text   NOT NULL,
    version  bigint NOT NULL CHECK (version >= 0),
    json     text   NOT NULL,
    CONSTRAINT olic_event_snapshot_pk PRIMARY KEY (log_name, grain_id)
);

-- The grid certificate (issue 12 item 5): the first silo of a grid that finds no certificate file in its data
-- folder makes one and stores it here; every silo then presents it on silo-to-silo connections (mutual TLS)
-- and admits only peers that present it. One row.
CREATE TABLE IF NOT EXISTS olic_grid_certificate (
    id integer NOT NULL,
    certificate_pem text NOT NULL,
    key_pem text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT olic_grid_certificate_pk PRIMARY KEY (id),
    CONSTRAINT olic_grid_certificate_one_row CHECK (id = 1)
);

-- Last: a schema that records this version is complete. Keep in step with PostgresSchemaMigrator.SchemaVersion.
INSERT INTO olic_schema_version (version) VALUES (2) ON CONFLICT (version) DO NOTHING;
