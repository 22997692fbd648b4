-- Quality reports and queues at 3 years of data (decision 90; issue 12, acceptance 6).
--
-- Reports: one aggregating query per report over the municipality's cases of the period
-- (quality.jpa.QualityQuery). This index holds every column that query reads, so PostgreSQL answers
-- it from the index alone (an index-only scan once the table is vacuumed) and reads about a tenth of
-- the bytes a scan of the table would. Its key (municipality, received_at, id) is also the order of
-- the queue of all the caller's centres, which replaces the old (municipality, received_at).
DROP INDEX service_case_municipality;
CREATE INDEX service_case_municipality ON service_case (municipality, received_at, id)
    INCLUDE (centre_id, service_code, institution_code, channel, status, first_action_at, result_ready_at, delivered_at, due_on);

-- Queues (CaseService.queue: oldest first, ties by id, LIMIT/OFFSET): each of the four shapes the API
-- has (a centre or all centres; one status or all) reads its page in index order and stops after it,
-- instead of sorting every matching case. The old (centre_id, status, received_at) lacked the id
-- and served no query without a status.
DROP INDEX service_case_queue;
CREATE INDEX service_case_queue ON service_case (centre_id, status, received_at, id);
CREATE INDEX service_case_centre_queue ON service_case (centre_id, received_at, id);
CREATE INDEX service_case_municipality_status ON service_case (municipality, status, received_at, id);
