-- Creates a base: its schema, its NOLOGIN tenant owner role and its LOGIN agent role, and
-- grants the base to that agent role (and to GRANT_TO when given). Returns the base row
-- and the agent role's password, which is not stored anywhere.
--
-- Role names derive from the base id, so they are unique across every database of the
-- cluster. The base's registry row is inserted first: its unique index on the live name makes a
-- concurrent create of the same name wait for this one (bounded by the caller's lock_timeout)
-- and then fail as a duplicate, so two creates cannot both win. (An advisory lock on the name,
-- as before, could be taken and held by any session, an agent's included.)
create or replace function agent._create_base(name text, grant_to text default null)
returns table (base agent.base, agent_password text)
language plpgsql
volatile
set search_path = ''
as $$
declare
    _id uuid := pg_catalog.gen_random_uuid();
    _hex text := pg_catalog.replace(_id::text, '-', '');
    _owner text := 'dbagent_t_' || _hex;
    _agent text := 'dbagent_a_' || _hex;
    _password text := agent._new_password();
    _b agent.base;
    _borrowed boolean;
begin
    perform agent._validate_name('base', name);
    if exists (select from agent.base b where b.name = _create_base.name and b.dropped_at is null) then
        raise exception 'base "%" already exists', name
            using errcode = 'duplicate_object',
                  hint = 'Pick another name, or use the existing base (agent.get_project() lists yours).';
    end if;
    if exists (select from pg_catalog.pg_namespace n where n.nspname = _create_base.name) then
        raise exception 'schema "%" already exists in this database', name
            using errcode = 'duplicate_schema',
                  detail = 'A base is a schema of its own; dbagent does not adopt existing schemas.',
                  hint = 'Pick another base name.';
    end if;
    begin
        insert into agent.base (base_id, name, schema_name, owner_role, agent_role, created_by)
        values (_id, name, name, _owner, _agent, session_user)
        returning * into _b;
    exception when unique_violation then  -- a concurrent create of this name won
        raise exception 'base "%" already exists', name
            using errcode = 'duplicate_object',
                  hint = 'Pick another name, or use the existing base (agent.get_project() lists yours).';
    end;

    -- What a tenant owner may use outside its schema (auth.uid(), its executors' helpers) is
    -- granted once to the group dbagent_tenant, so no shared ACL grows with the bases.
    execute pg_catalog.format('create role %I nologin inherit in role dbagent_tenant', _owner);
    -- dbagent_owner acts as the tenant owner only while it sets the base up.
    _borrowed := agent._borrow_role(_owner);
    execute pg_catalog.format('create schema %I authorization %I', name, _owner);
    execute pg_catalog.format('revoke all on schema %I from public', name);
    execute pg_catalog.format('grant usage on schema %I to anon, authenticated', name);

    -- its session limits (connections, idle transactions, temp files) follow in _after_create_base
    execute pg_catalog.format(
        'create role %I login inherit password %L connection limit %s in role dbagent_agent',
        _agent, _password, _b.max_connections);

    insert into agent.base_access (base_id, role_name, granted_by) values (_id, _agent, session_user);
    if grant_to is not null and grant_to <> _agent then
        insert into agent.base_access (base_id, role_name, granted_by) values (_id, grant_to, session_user);
    end if;
    perform agent._after_create_base(_b);
    perform agent._return_role(_owner, _borrowed);
    perform agent._audit('create_base', _id, 'ok', pg_catalog.jsonb_build_object('name', name));
    perform agent._require_client();  -- a client that gave up while this waited gets no base
    return query select _b, _password;
end;
$$;

comment on function agent._create_base(text, text) is
$md$Create a base (schema, tenant owner role, agent login role) and grant it.

Private: called by agent.admin_create_base() and agent.create_base().$md$;

alter function agent._create_base(text, text) owner to dbagent_owner;
revoke all on function agent._create_base(text, text) from public;
