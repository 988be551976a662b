-- depends: 0063.snapshots
-- The base's history keeps the agent's schema changes apart from the statements dbagent's
-- data-model rules ran after them (RLS, default policies, triggers, FK indexes): a replay
-- through execute_sql applies the rules again itself, and they name the source base's schema
-- and roles. SOURCE says what made the change (execute_sql, restore, clone, snapshot, load).
alter table agent.base_migration
    add column rules text[],
    add column source text not null default 'execute_sql';
