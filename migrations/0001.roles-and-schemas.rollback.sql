-- Roles are cluster-wide and may serve other databases: they are left in place.
drop schema if exists agent_exec cascade;
