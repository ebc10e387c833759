-- Rejected rows are counted per entity and code here, and only the latest few of each are kept whole in
-- ingest_rejections (BatchWriter trims them), so a caller sending bad rows cannot fill the disk.
CREATE TABLE ingest_rejection_counts (
    entity        TEXT    NOT NULL,
    code          INTEGER NOT NULL,
    rejected_rows INTEGER NOT NULL,
    PRIMARY KEY (entity, code)
) WITHOUT ROWID;

INSERT INTO ingest_rejection_counts (entity, code, rejected_rows)
SELECT entity, code, count(*) FROM ingest_rejections GROUP BY entity, code;
