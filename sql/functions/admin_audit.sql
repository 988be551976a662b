create or replace function agent.admin_audit(base text default null, max_entries integer default 100)
returns jsonb
language plpgsql
volatile  -- it reconciles the audit journal first
security definer  -- why: reads agent.audit, which no login role may read directly
set search_path = ''
as $$
declare
    _id uuid;
begin
    perform agent._require_admin('read the audit');
    -- calls whose caller's transaction rolled back after they returned: their rows, from the journal
    perform agent._audit_reconcile();
    if base is not null then
        select b.base_id into _id from agent.base b
        where b.name = admin_audit.base or b.base_id::text = admin_audit.base
        order by b.dropped_at nulls first, b.created_at desc limit 1;
        if not found then
            raise exception 'there is no base "%"', base using errcode = 'undefined_object';
        end if;
    end if;
    return coalesce((
        select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(a) order by a.audit_id desc)
        from (select * from agent.audit a
              where _id is null or a.base_id = _id
              order by a.audit_id desc
              limit greatest(coalesce(max_entries, 100), 1)) a), '[]'::jsonb);
end;
$$;

comment on function agent.admin_audit(text, integer) is
$md$The latest audit entries (all bases, or one by name or id): who called which tool, when, the normalized SQL, the outcome.

Admin only. First restores, from the audit journal, the rows of calls whose caller's transaction
rolled back after they returned. SQL is stored with literals replaced, never with values.$md$;

alter function agent.admin_audit(text, integer) owner to dbagent_owner;
revoke all on function agent.admin_audit(text, integer) from public;
grant execute on function agent.admin_audit(text, integer) to dbagent_admin;
