-- depends: 0061.recoverable
-- Per-base settings of recoverability and confirmation (agent.admin_set_limits):
--   retention_days        how long recoverable items and automatic snapshots are kept
--   confirm_destructive   execute_sql answers a call that would destroy data with its measured
--                         impact and a confirmation token instead of running it
--   keep_rows_fraction    DELETE/UPDATE/MERGE statements touching at least this share of a
--   keep_rows_min         table's rows (and at least keep_rows_min rows) keep the old rows;
--                         so does any statement that empties a table or has no WHERE
--   big_table_rows        tables from this size up get lock and rewrite warnings, which need
--                         confirmation too
alter table agent.base
    add column retention_days integer not null default 7 check (retention_days between 0 and 3650),
    add column confirm_destructive boolean not null default true,
    add column keep_rows_fraction double precision not null default 0.1
        check (keep_rows_fraction > 0 and keep_rows_fraction <= 1),
    add column keep_rows_min integer not null default 10 check (keep_rows_min >= 1),
    add column big_table_rows bigint not null default 1000000 check (big_table_rows >= 0);
