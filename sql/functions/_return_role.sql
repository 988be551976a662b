-- The other half of agent._borrow_role.
create or replace function agent._return_role(role text, borrowed boolean)
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
    if borrowed then
        execute pg_catalog.format('revoke %I from %I', role, current_user);
    end if;
end;
$$;

comment on function agent._return_role(text, boolean) is
$md$Give back a membership agent._borrow_role(ROLE) granted (nothing when BORROWED is false).

Private.$md$;

alter function agent._return_role(text, boolean) owner to dbagent_owner;
revoke all on function agent._return_role(text, boolean) from public;
