-- auth may be the platform's: nothing is dropped.
select 1;
