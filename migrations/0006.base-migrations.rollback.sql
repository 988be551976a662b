drop table if exists agent.base_migration;
