drop table if exists agent.audit_journal;
drop table if exists agent.maintenance;
update agent.source set status = 'ready' where status = 'expired';
alter table agent.source drop constraint source_status_check;
alter table agent.source add constraint source_status_check check (status in ('receiving', 'ready'));
drop index if exists agent.base_owner_role;
drop index if exists agent.base_agent_role;
alter table agent.base drop column if exists max_connections, drop column if exists max_storage_bytes;
-- dbagent_catalog stays: install's agent._catalog_wall(false) gives PUBLIC its rights back first
