-- Per-customer scans group by UTC day (same-day purchases are one purchase day in the BG/NBD summary).
-- A virtual `day` column leads the covering index after the customer, so "GROUP BY customer_key, day"
-- and "min/max/count(DISTINCT day) per customer" stream in index order without a sort.
-- The day is the floor of occurred_at / 86 400 000 ms, correct before 1970 too.
ALTER TABLE transactions ADD COLUMN day INTEGER
    GENERATED ALWAYS AS ((occurred_at - (((occurred_at % 86400000) + 86400000) % 86400000)) / 86400000) VIRTUAL;

DROP INDEX ix_transactions_customer_time;
CREATE INDEX ix_transactions_customer_time
    ON transactions (customer_key, day, occurred_at, kind, amount_minor, sale_type, cost_minor);

-- Measured: maintaining a second covering index in time order made every imported row land on a random
-- page of it (21-23 µs a row against 3.8 µs without). Period queries scan the customer index instead.
DROP INDEX ix_transactions_time;
