drop table if exists agent.snapshot;
