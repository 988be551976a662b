-- The settings every tool call runs under: dbagent's defaults (for a shared server of 2 cores
-- and 4 GB) with the admin's tool_settings over them. See agent._pin_settings().
create or replace function agent._tool_settings()
returns jsonb
language sql
stable
set search_path = ''
as $$
    select pg_catalog.jsonb_build_object(
               -- what a call may use: memory, temp files, parallel workers, JIT compilation
               'work_mem', '16MB',
               'maintenance_work_mem', '64MB',
               'hash_mem_multiplier', '2',
               'temp_file_limit', '1GB',
               'max_parallel_workers_per_gather', '0',
               'max_parallel_maintenance_workers', '0',
               'jit', 'off',
               -- how values are read and printed (a call's results do not depend on the session)
               'datestyle', 'ISO, MDY',
               'intervalstyle', 'postgres',
               'timezone', 'UTC',
               'standard_conforming_strings', 'on',
               'check_function_bodies', 'on')
        operator(pg_catalog.||) coalesce((select s.value from agent.setting s where s.key = 'tool_settings'), '{}')
$$;

comment on function agent._tool_settings() is
$md$The settings tool calls run under: dbagent's defaults with the admin's tool_settings over them.

Private.$md$;

alter function agent._tool_settings() owner to dbagent_owner;
revoke all on function agent._tool_settings() from public;
