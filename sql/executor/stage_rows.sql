-- Numbers the rows of a staged file (table agent_stage.<name>_r, with row_no) so import_csv
-- can bisect a failed load down to its bad rows.
create or replace function agent_exec.stage_rows(name text)
returns void
language plpgsql
volatile
security definer  -- why: reads the staged file, which only dbagent_loader may
set search_path = ''
as $$
declare
    _reader text;
begin
    if name !~ '^f_[0-9a-f]{32}$' then
        raise exception 'invalid stage name' using errcode = 'invalid_parameter_value';
    end if;
    execute pg_catalog.format(
        'create unlogged table if not exists agent_stage.%I as select pg_catalog.row_number() over () as row_no, * from agent_stage.%I',
        name || '_r', name);
    execute pg_catalog.format('create unique index on agent_stage.%I (row_no)', name || '_r');
    for _reader in
        select a.grantee::pg_catalog.regrole::text
        from pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) a
        where c.oid = pg_catalog.format('agent_stage.%I', name)::pg_catalog.regclass
          and a.privilege_type = 'SELECT' and a.grantee <> c.relowner
    loop
        execute pg_catalog.format('grant select on agent_stage.%I to %I', name || '_r', _reader);
    end loop;
end;
$$;

comment on function agent_exec.stage_rows(text) is
$md$Copy a staged file into a numbered table agent_stage.NAME_r, readable by the same base owner.

Private to import_csv.$md$;

alter function agent_exec.stage_rows(text) owner to dbagent_loader;
revoke all on function agent_exec.stage_rows(text) from public;
grant execute on function agent_exec.stage_rows(text) to dbagent_owner;
