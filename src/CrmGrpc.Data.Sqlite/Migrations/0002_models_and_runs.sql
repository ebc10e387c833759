-- Fitted buy-till-you-die models and persisted recalculation runs.

CREATE TABLE models (
    key             INTEGER PRIMARY KEY,
    id              TEXT    NOT NULL UNIQUE,
    create_time     INTEGER NOT NULL,
    calibration_end INTEGER NOT NULL,
    time_unit       INTEGER NOT NULL,
    segment         TEXT    NOT NULL,
    penalizer_coef  REAL    NOT NULL,
    -- The fit (parameters, diagnostics, warnings) as the contract's Model message in JSON.
    fit             TEXT    NOT NULL
);
CREATE INDEX ix_models_create_time ON models (create_time DESC, key DESC);

CREATE TABLE metric_runs (
    key         INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    model_id    TEXT    NOT NULL,
    as_of       INTEGER NOT NULL,
    create_time INTEGER NOT NULL
);

CREATE TABLE metric_run_results (
    run_key           INTEGER NOT NULL REFERENCES metric_runs (key),
    customer_key      INTEGER NOT NULL REFERENCES customers (key),
    historical_clv    REAL    NOT NULL,
    predictive_clv    REAL    NULL,
    probability_alive REAL    NULL,
    expected_purchases REAL   NULL,
    PRIMARY KEY (run_key, customer_key)
) WITHOUT ROWID;
