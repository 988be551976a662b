alter table agent.base_migration drop column if exists rules, drop column if exists source;
