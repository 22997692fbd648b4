-- Desired state of the provisioning daemon (issue 13). Usage against quota is never stored: it is
-- the sum of the servers that count (decision 95), computed under the municipality's quota row lock.

CREATE TABLE template (
    id          text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9.-]{0,62}$'),
    name_lv     text NOT NULL,
    name_en     text NOT NULL,
    vcpus       integer NOT NULL CHECK (vcpus BETWEEN 1 AND 64),
    memory_mib  bigint  NOT NULL CHECK (memory_mib BETWEEN 256 AND 1048576),
    disk_gib    bigint  NOT NULL CHECK (disk_gib BETWEEN 1 AND 65536),
    base_image  text    NOT NULL,
    active      boolean NOT NULL DEFAULT true
);

CREATE TABLE quota (
    municipality text PRIMARY KEY,
    vcpus        integer NOT NULL CHECK (vcpus >= 0),
    memory_mib   bigint  NOT NULL CHECK (memory_mib >= 0),
    disk_gib     bigint  NOT NULL CHECK (disk_gib >= 0),
    servers      integer NOT NULL CHECK (servers >= 0),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    updated_by   text NOT NULL
);

CREATE TABLE host (
    id          text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9.-]{0,62}$'),
    uri         text NOT NULL UNIQUE,
    state       text NOT NULL CHECK (state IN ('ACTIVE', 'DRAINING', 'REMOVED')),
    vcpus       integer NOT NULL CHECK (vcpus > 0),
    memory_mib  bigint  NOT NULL CHECK (memory_mib > 0),
    disk_gib    bigint  NOT NULL CHECK (disk_gib > 0),
    reachable   boolean NOT NULL DEFAULT false,
    last_seen   timestamptz,
    last_error  text,
    added_at    timestamptz NOT NULL DEFAULT now(),
    added_by    text NOT NULL
);

CREATE TABLE server (
    id             uuid PRIMARY KEY,
    municipality   text NOT NULL,
    name           text NOT NULL,
    template_id    text NOT NULL REFERENCES template (id),
    vcpus          integer NOT NULL CHECK (vcpus > 0),
    memory_mib     bigint  NOT NULL CHECK (memory_mib > 0),
    disk_gib       bigint  NOT NULL CHECK (disk_gib > 0),
    host_id        text NOT NULL REFERENCES host (id),
    phase          text NOT NULL CHECK (phase IN ('CREATING', 'READY', 'FAILED', 'DELETING', 'DELETED')),
    power          text NOT NULL CHECK (power IN ('RUNNING', 'STOPPED')),
    actual_power   text CHECK (actual_power IN ('RUNNING', 'STOPPED', 'MISSING')),
    actual_seen_at timestamptz,
    created_at     timestamptz NOT NULL,
    created_by     text NOT NULL,
    updated_at     timestamptz NOT NULL
);
-- a name is unique within a municipality among the servers that still exist
CREATE UNIQUE INDEX server_name_per_municipality ON server (municipality, name) WHERE phase <> 'DELETED';
-- lists: newest first, the id breaking ties (cursor pagination)
CREATE INDEX server_list ON server (municipality, created_at DESC, id DESC);
CREATE INDEX server_on_host ON server (host_id) WHERE phase <> 'DELETED';

CREATE TABLE snapshot (
    server_id  uuid NOT NULL REFERENCES server (id),
    name       text NOT NULL,
    created_at timestamptz NOT NULL,
    created_by text NOT NULL,
    PRIMARY KEY (server_id, name)
);

CREATE TABLE job (
    id           uuid PRIMARY KEY,
    server_id    uuid NOT NULL,
    municipality text NOT NULL,
    kind         text NOT NULL,
    params       jsonb NOT NULL DEFAULT '{}',
    state        text NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
    progress     integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    step         text,
    error        text,
    requested_by text NOT NULL,
    requested_at timestamptz NOT NULL,
    started_at   timestamptz,
    finished_at  timestamptz,
    claimed_by   text,
    lease_until  timestamptz,
    attempts     integer NOT NULL DEFAULT 0
);
-- one unfinished job per server: a second request waits its turn by being refused (409), never runs beside it
CREATE UNIQUE INDEX job_one_open_per_server ON job (server_id) WHERE state IN ('QUEUED', 'RUNNING');
CREATE INDEX job_queue ON job (requested_at) WHERE state IN ('QUEUED', 'RUNNING');
CREATE INDEX job_of_server ON job (server_id, requested_at DESC);

-- the first answer to each (caller, Idempotency-Key): a retry gets it again, never a second server
CREATE TABLE idempotency (
    caller       text NOT NULL,
    key          text NOT NULL,
    request_hash text NOT NULL,
    status       integer NOT NULL,
    body         jsonb NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (caller, key)
);
