-- depends: 0013.drop-audit-insert
-- analyse_csv remembers, per source, the dialect it found and whether PostgreSQL's COPY parser
-- reads the file as is (with which options): import_csv of the same, unchanged file (same size,
-- modification time and inode) skips sniffing and the file check. Files of the import directory
-- get a source row on first use for this.
alter table agent.source
    add column fingerprint text,
    add column dialect jsonb,
    add column copy_plan jsonb;
create unique index source_import_path on agent.source (base_id, path) where kind = 'import';
