drop function if exists agent._base_storage(uuid, boolean);
