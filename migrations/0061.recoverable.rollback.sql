drop table if exists agent.recoverable;
