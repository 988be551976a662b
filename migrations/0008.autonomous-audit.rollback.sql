drop extension if exists dblink;
drop schema if exists agent_dblink;
