-- A base's two executors, the heart of the privilege wall:
--   agent_exec.run_<id>      SECURITY DEFINER, owned by the base's tenant owner role
--   agent_exec.as_user_<id>  SECURITY DEFINER, owned by the base's end-user role dbagent_u_<id>,
--                            for execute_sql's as_user option. That role belongs to no role with
--                            rights in other bases (not to authenticated, which every base grants
--                            to): it holds what its own base grants to authenticated and is named
--                            in its base's policies for authenticated (agent._user_role_fixes), so
--                            PostgreSQL keeps an end user of one base out of every other.
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
    _user text := coalesce(base.user_role, 'dbagent_u_' || _hex);
    _borrowed boolean := agent._borrow_role(base.owner_role);
    _user_borrowed boolean;
    _fix record;
begin
    if not exists (select from pg_catalog.pg_roles r where r.rolname = _user) then
        execute pg_catalog.format('create role %I nologin inherit in role dbagent_enduser', _user);
    end if;
    if base.user_role is distinct from _user then
        update agent.base b set user_role = _user where b.base_id = base.base_id;
    end if;
    _user_borrowed := agent._borrow_role(_user);
    execute pg_catalog.format('grant usage on schema %I to %I', base.schema_name, _user);
    foreach _fn in array array['run_' || _hex, 'as_user_' || _hex] loop
        _as_user := _fn like 'as\_user\_%';
        _owner := case when _as_user then _user else base.owner_role end;
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
    -- What the base grants to authenticated, its end-user role gets too (tables made before
    -- the role existed, or by an upgrade).
    for _fix in select f.sql from agent._user_role_fixes(base.schema_name, _user) f loop
        execute _fix.sql;
    end loop;
    -- USAGE on agent_exec and agent_stage, EXECUTE on agent_exec._run and system_fields: the
    -- tenant owner has them as a member of dbagent_tenant (granted once, not per base); the
    -- end-user role has USAGE on auth and agent_exec and EXECUTE on _run through dbagent_enduser.
    perform agent._return_role(_user, _user_borrowed);
    perform agent._return_role(base.owner_role, _borrowed);
end;
$$;

comment on function agent._create_executors(agent.base) is
$md$Create (or re-create) a base's executors in agent_exec: run_<id> and as_user_<id>.

Private: called when a base is created, when its limits change, and by install when the
executors' definition changed.$md$;

alter function agent._create_executors(agent.base) owner to dbagent_owner;
revoke all on function agent._create_executors(agent.base) from public;
