-- VPVKAC: the service catalogue, the centres and the service applications (cases) with their history.
-- Personal codes are kept in clear only in client.personal_code; lists show the masked form and the
-- audit log gets client.code_ref (a keyed hash), never the code.

CREATE TABLE institution (
    code        varchar(40)  PRIMARY KEY,
    name        varchar(300) NOT NULL
);

CREATE TABLE service (
    code             varchar(40)  PRIMARY KEY,
    name_lv          varchar(300) NOT NULL,
    name_en          varchar(300),
    institution_code varchar(40)  NOT NULL REFERENCES institution (code),
    kind             varchar(20)  NOT NULL CHECK (kind IN ('STATE', 'MUNICIPAL')),
    deadline_days    integer      NOT NULL CHECK (deadline_days BETWEEN 0 AND 365),
    channels         varchar(200) NOT NULL,
    active           boolean      NOT NULL DEFAULT true,
    version          integer      NOT NULL DEFAULT 0
);

CREATE TABLE centre (
    id           bigserial    PRIMARY KEY,
    municipality varchar(64)  NOT NULL,
    name         varchar(200) NOT NULL,
    address      varchar(300),
    UNIQUE (municipality, name)
);

CREATE TABLE client (
    id            bigserial    PRIMARY KEY,
    municipality  varchar(64)  NOT NULL,
    kind          varchar(20)  NOT NULL CHECK (kind IN ('PERSON', 'ORGANISATION')),
    personal_code varchar(12),
    code_ref      varchar(32),
    given_name    varchar(200),
    surname       varchar(200),
    org_name      varchar(300),
    reg_number    varchar(11),
    email         varchar(254),
    phone         varchar(20),
    created_at    timestamptz  NOT NULL,
    CHECK ((kind = 'PERSON' AND personal_code IS NOT NULL AND surname IS NOT NULL)
        OR (kind = 'ORGANISATION' AND reg_number IS NOT NULL AND org_name IS NOT NULL))
);
CREATE UNIQUE INDEX client_person ON client (municipality, personal_code) WHERE personal_code IS NOT NULL;
CREATE UNIQUE INDEX client_organisation ON client (municipality, reg_number) WHERE reg_number IS NOT NULL;
CREATE INDEX client_surname ON client (municipality, lower(surname));

CREATE TABLE service_case (
    id               bigserial    PRIMARY KEY,
    municipality     varchar(64)  NOT NULL,
    centre_id        bigint       NOT NULL REFERENCES centre (id),
    service_code     varchar(40)  NOT NULL REFERENCES service (code),
    institution_code varchar(40)  NOT NULL REFERENCES institution (code),
    client_id        bigint       NOT NULL REFERENCES client (id),
    channel          varchar(30)  NOT NULL,
    status           varchar(20)  NOT NULL,
    assignee         varchar(255),
    notes            varchar(10000),
    received_at      timestamptz  NOT NULL,
    first_action_at  timestamptz,
    result_ready_at  timestamptz,
    delivered_at     timestamptz,
    closed_at        timestamptz,
    due_on           date         NOT NULL,
    version          integer      NOT NULL DEFAULT 0
);
CREATE INDEX service_case_queue ON service_case (centre_id, status, received_at);
CREATE INDEX service_case_municipality ON service_case (municipality, received_at);
CREATE INDEX service_case_client ON service_case (client_id);

CREATE TABLE status_change (
    id          bigserial    PRIMARY KEY,
    case_id     bigint       NOT NULL REFERENCES service_case (id),
    from_status varchar(20),
    to_status   varchar(20)  NOT NULL,
    at          timestamptz  NOT NULL,
    actor       varchar(255) NOT NULL,
    note        varchar(2000)
);
CREATE INDEX status_change_case ON status_change (case_id, at);
