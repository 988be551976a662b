alter table agent._python_module drop column if exists code, drop column if exists magic;
