-- A base's two executors, the heart of the privilege wall:
--   agent_exec.run_<id>      SECURITY DEFINER, owned by the base's tenant owner role
--   agent_exec.as_user_<id>  SECURITY DEFINER, owned by dbagent_as_user (a member of
--                            authenticated), for execute_sql's as_user option
-- Both pin search_path to the base's schema (pg_temp last), standard_conforming_strings (the
-- lexing the parse wall assumes) and the base's lock timeout (restored when the executor
-- returns; an agent's SET LOCAL lock_timeout passes a lower one), and hand the statement to
-- agent_exec._run. The end user's claims are set for the statement (as_user) or emptied (the
-- agent acts as itself) and put back after it: a SET clause cannot name request.jwt.*, since
-- PostgreSQL 15 lets only superusers put unknown custom settings in function definitions.
-- EXECUTE belongs to dbagent_owner alone; nothing else can reach schema agent_exec.
create or replace function agent._create_executors(base agent.base)
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
    _hex text := pg_catalog.replace(base.base_id::text, '-', '');
    _fn text;
    _owner text;
    _as_user boolean;
    _borrowed boolean := agent._borrow_role(base.owner_role);
begin
    foreach _fn in array array['run_' || _hex, 'as_user_' || _hex] loop
        _as_user := _fn like 'as\_user\_%';
        _owner := case when _as_user then 'dbagent_as_user' else base.owner_role end;
        -- the executors of releases before 0.2 had three arguments (checked first: DROP ... IF
        -- EXISTS would send every base creation a notice)
        if pg_catalog.to_regprocedure(pg_catalog.format('agent_exec.%I(text, integer, text)', _fn)) is not null then
            execute pg_catalog.format('drop function agent_exec.%I(text, integer, text)', _fn);
        end if;
        execute pg_catalog.format($f$
            create or replace function agent_exec.%I(sql text, max_rows integer, mode text,
                                                     lock_timeout_ms integer, claims text)
            returns void
            language plpgsql
            volatile
            security definer  -- why: runs the checked statement as the base's owner (or an end user)
            set search_path = %I, pg_temp
            set standard_conforming_strings = on
            set lock_timeout = %L
            as $body$
            declare
                _claims text := pg_catalog.current_setting('request.jwt.claims', true);
                _sub text := pg_catalog.current_setting('request.jwt.claim.sub', true);
                _role text := pg_catalog.current_setting('request.jwt.claim.role', true);
            begin
                if lock_timeout_ms is not null then
                    perform pg_catalog.set_config('lock_timeout', lock_timeout_ms || 'ms', true);
                end if;
                perform pg_catalog.set_config('request.jwt.claims', %s, true),
                        pg_catalog.set_config('request.jwt.claim.sub', %s, true),
                        pg_catalog.set_config('request.jwt.claim.role', %s, true);
                perform agent_exec._run(sql, max_rows, mode);
                perform pg_catalog.set_config('request.jwt.claims', coalesce(_claims, ''), true),
                        pg_catalog.set_config('request.jwt.claim.sub', coalesce(_sub, ''), true),
                        pg_catalog.set_config('request.jwt.claim.role', coalesce(_role, ''), true);
            end
            $body$
        $f$, _fn, base.schema_name, base.lock_timeout_ms || 'ms',
           case when _as_user then 'coalesce(claims, '''')' else '''''' end,
           case when _as_user then 'coalesce(claims::pg_catalog.jsonb ->> ''sub'', '''')' else '''''' end,
           case when _as_user then '''authenticated''' else '''''' end);
        execute pg_catalog.format('revoke all on function agent_exec.%I(text, integer, text, integer, text) from public', _fn);
        -- PostgreSQL lets a function pass to a role that may create in its schema: only for
        -- the hand-over.
        execute pg_catalog.format('grant create on schema agent_exec to %I', _owner);
        execute pg_catalog.format('alter function agent_exec.%I(text, integer, text, integer, text) owner to %I', _fn, _owner);
        execute pg_catalog.format('revoke create on schema agent_exec from %I', _owner);
        execute pg_catalog.format('grant execute on function agent_exec.%I(text, integer, text, integer, text) to dbagent_owner', _fn);
    end loop;
    -- USAGE on agent_exec and agent_stage, EXECUTE on agent_exec._run and system_fields: the
    -- tenant owner has them as a member of dbagent_tenant (granted once, not per base).
    perform agent._return_role(base.owner_role, _borrowed);
end;
$$;

comment on function agent._create_executors(agent.base) is
$md$Create (or re-create) a base's executors in agent_exec: run_<id> and as_user_<id>.

Private: called when a base is created, when its limits change, and by install when the
executors' definition changed.$md$;

alter function agent._create_executors(agent.base) owner to dbagent_owner;
revoke all on function agent._create_executors(agent.base) from public;
