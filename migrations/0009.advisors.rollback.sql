drop type if exists agent.lint;
