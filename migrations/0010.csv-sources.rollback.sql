drop server if exists dbagent_files cascade;
drop extension if exists file_fdw;
drop schema if exists agent_stage cascade;
drop table if exists agent.source;
