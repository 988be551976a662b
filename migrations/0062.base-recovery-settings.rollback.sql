alter table agent.base
    drop column if exists retention_days,
    drop column if exists confirm_destructive,
    drop column if exists keep_rows_fraction,
    drop column if exists keep_rows_min,
    drop column if exists big_table_rows;
