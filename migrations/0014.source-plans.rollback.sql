drop index if exists agent.source_import_path;
alter table agent.source drop column fingerprint, drop column dialect, drop column copy_plan;
