drop table if exists agent.api_token;
