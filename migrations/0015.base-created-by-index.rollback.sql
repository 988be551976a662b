drop index if exists agent.base_created_by_live;
