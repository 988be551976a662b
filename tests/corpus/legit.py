"""Legitimate scripts: each must pass the parse wall and then run on PostgreSQL 15.

See ``tests/corpus/__init__.py`` for the conventions. Every script is self-contained (it
creates what it uses) and runs in a fresh base ``acme`` as one transaction. Tables never
declare the five system fields (``id, created_at, updated_at, created_by, updated_by``):
dbagent adds them, which is why ``references projects (id)`` works. Only a few tables declare
their own (composite) primary key. Names are snake_case; no column holds secrets; nothing
references ``auth.users``.

The shared setup fragments below (``PROJECTS``, ``SHOP``, ...) are plain SQL text that many
scripts start with.
"""

from __future__ import annotations

from . import Legit

LEGIT: list[Legit] = []


def _l(category: str, name: str, sql: str) -> None:
    LEGIT.append(Legit(f"legit.{category}.{name}", category, sql.strip() + "\n"))


# --------------------------------------------------------------------------------------
# Shared setup fragments
# --------------------------------------------------------------------------------------
PROJECTS = """
create table projects (
  name text not null,
  description text,
  archived boolean not null default false
);
create table todos (
  project_id uuid not null references projects (id) on delete cascade,
  title text not null check (length(title) between 1 and 200),
  done boolean not null default false,
  due_on date,
  priority int not null default 0 check (priority between 0 and 5),
  tags text[] not null default '{}',
  details jsonb not null default '{}'::jsonb
);
create index todos_project_id_idx on todos (project_id);
"""

PROJECTS_SEED = PROJECTS + """
insert into projects (name, description) values ('alpha', 'first project'), ('beta', 'second project');
insert into todos (project_id, title, priority, tags, due_on, details)
select p.id, p.name || ' task ' || g, g % 6, array['tag' || (g % 3), 'all'],
       date '2024-01-01' + g, jsonb_build_object('estimate', g, 'labels', jsonb_build_array('a', 'b'))
from projects p cross join generate_series(1, 5) as g;
"""

SHOP = """
create table customers (
  email text not null unique,
  full_name text not null,
  country_code text check (country_code ~ '^[A-Z]{2}$')
);
create table products (
  sku text not null unique,
  name text not null,
  price numeric(12, 2) not null check (price >= 0),
  stock int not null default 0 check (stock >= 0),
  attributes jsonb not null default '{}'
);
create table orders (
  customer_id uuid references customers (id) on delete set null,
  status text not null default 'pending' check (status in ('pending', 'paid', 'shipped', 'cancelled')),
  placed_at timestamptz not null default now()
);
create table order_items (
  order_id uuid not null references orders (id) on delete cascade,
  product_id uuid not null references products (id),
  quantity int not null check (quantity > 0),
  unit_price numeric(12, 2) not null
);
create index order_items_order_id_idx on order_items (order_id);
create index order_items_product_id_idx on order_items (product_id);
create index orders_customer_id_idx on orders (customer_id);
"""

SHOP_SEED = SHOP + """
insert into customers (email, full_name, country_code) values
  ('ada@example.com', 'Ada Lovelace', 'GB'),
  ('grace@example.com', 'Grace Hopper', 'US');
insert into products (sku, name, price, stock, attributes) values
  ('pen-1', 'Pen', 1.50, 100, '{"color": "blue"}'),
  ('book-1', 'Notebook', 4.25, 20, '{"pages": 120}'),
  ('mug-1', 'Mug', 9.00, 5, '{"color": "white", "volume_ml": 300}');
insert into orders (customer_id, status)
select id, 'paid' from customers;
insert into order_items (order_id, product_id, quantity, unit_price)
select o.id, p.id, 2, p.price from orders o cross join products p where p.sku <> 'mug-1';
"""

BLOG = """
create table profiles (
  handle text not null unique check (handle ~ '^[a-z0-9_]{3,30}$'),
  display_name text,
  bio text
);
create table posts (
  author_id uuid not null references profiles (id) on delete cascade,
  title text not null,
  body text not null default '',
  published_at timestamptz
);
create table tags (label text not null unique);
create table post_tags (
  post_id uuid not null references posts (id) on delete cascade,
  tag_id uuid not null references tags (id) on delete cascade,
  primary key (post_id, tag_id)
);
create index posts_author_id_idx on posts (author_id);
create index post_tags_tag_id_idx on post_tags (tag_id);
"""

BLOG_SEED = BLOG + """
insert into profiles (handle, display_name) values ('ada_l', 'Ada'), ('grace_h', 'Grace');
insert into posts (author_id, title, body, published_at)
select id, 'Hello from ' || display_name, 'Postgres full text search is neat. ' || display_name, now()
from profiles;
insert into tags (label) values ('postgres'), ('search');
insert into post_tags (post_id, tag_id) select p.id, t.id from posts p cross join tags t;
"""

NOTES = """
create table notes (
  title text not null,
  body text not null default ''
);
"""

# --------------------------------------------------------------------------------------
# schema: multi-table application schemas with foreign keys
# --------------------------------------------------------------------------------------
C = "schema"
_l(C, "todo_app", PROJECTS_SEED + """
select p.name, count(t.*) as todo_count
from projects p left join todos t on t.project_id = p.id
group by p.name order by p.name;
""")
_l(C, "shop", SHOP_SEED + """
select c.full_name, sum(oi.quantity * oi.unit_price) as total
from customers c
join orders o on o.customer_id = c.id
join order_items oi on oi.order_id = o.id
group by c.full_name order by total desc;
""")
_l(C, "blog_composite_key", BLOG_SEED + """
select t.label, count(*) from post_tags pt join tags t on t.id = pt.tag_id group by t.label;
""")
_l(C, "crm", """
create type deal_stage as enum ('lead', 'qualified', 'proposal', 'won', 'lost');
create table companies (name text not null unique, website text);
create table contacts (
  company_id uuid references companies (id) on delete set null,
  full_name text not null,
  email text,
  phone text
);
create table deals (
  company_id uuid not null references companies (id) on delete cascade,
  contact_id uuid references contacts (id) on delete set null,
  title text not null,
  amount numeric(14, 2) not null default 0,
  stage deal_stage not null default 'lead',
  closes_on date
);
create index contacts_company_id_idx on contacts (company_id);
create index deals_company_id_idx on deals (company_id);
create index deals_contact_id_idx on deals (contact_id);
insert into companies (name) values ('Initech');
insert into deals (company_id, title, amount)
select id, 'Renewal', 12000 from companies;
select stage, sum(amount) from deals group by stage;
""")
_l(C, "events", """
create table venues (name text not null, city text not null, capacity int check (capacity > 0));
create table events (
  venue_id uuid not null references venues (id) on delete restrict,
  title text not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  check (ends_at > starts_at)
);
create table registrations (
  event_id uuid not null references events (id) on delete cascade,
  attendee_email text not null,
  unique (event_id, attendee_email)
);
create index events_venue_id_idx on events (venue_id);
insert into venues (name, city, capacity) values ('Hall A', 'Berlin', 200);
insert into events (venue_id, title, starts_at, ends_at)
select id, 'PG Day', timestamptz '2024-06-01 09:00+00', timestamptz '2024-06-01 17:00+00' from venues;
insert into registrations (event_id, attendee_email) select id, 'visitor@example.com' from events;
""")
_l(C, "self_referencing_categories", """
create table categories (
  parent_id uuid references categories (id) on delete cascade,
  name text not null,
  unique (parent_id, name)
);
create index categories_parent_id_idx on categories (parent_id);
insert into categories (name) values ('root');
insert into categories (parent_id, name) select id, 'child' from categories where name = 'root';
select c.name, p.name as parent from categories c left join categories p on p.id = c.parent_id;
""")
_l(C, "team_members", """
create type member_role as enum ('owner', 'admin', 'member', 'viewer');
create table teams (name text not null unique);
create table profiles (display_name text not null);
create table team_members (
  team_id uuid not null references teams (id) on delete cascade,
  profile_id uuid not null references profiles (id) on delete cascade,
  member_role member_role not null default 'member',
  joined_on date not null default current_date,
  primary key (team_id, profile_id)
);
create index team_members_profile_id_idx on team_members (profile_id);
insert into teams (name) values ('core');
insert into profiles (display_name) values ('Ada'), ('Linus');
insert into team_members (team_id, profile_id)
select t.id, p.id from teams t cross join profiles p;
""")
_l(C, "support_tickets", """
create type ticket_status as enum ('open', 'pending', 'solved', 'closed');
create table tickets (
  subject text not null,
  status ticket_status not null default 'open',
  requester_email text not null,
  assignee_id uuid default auth.uid()
);
create table ticket_comments (
  ticket_id uuid not null references tickets (id) on delete cascade,
  body text not null,
  is_internal boolean not null default false
);
create index ticket_comments_ticket_id_idx on ticket_comments (ticket_id);
insert into tickets (subject, requester_email) values ('Cannot log in', 'user@example.com');
insert into ticket_comments (ticket_id, body) select id, 'Looking into it' from tickets;
update tickets set status = 'pending';
""")
_l(C, "fk_actions", """
create table authors (name text not null);
create table books (
  author_id uuid references authors (id) on update cascade on delete restrict,
  title text not null,
  isbn text unique
);
create table chapters (
  book_id uuid not null,
  position int not null,
  heading text,
  constraint chapters_book_fk foreign key (book_id) references books (id)
    on delete cascade deferrable initially deferred,
  unique (book_id, position)
);
create index books_author_id_idx on books (author_id);
""")
_l(C, "library_loans", """
create table members (full_name text not null, membership_code text unique);
create table items (title text not null, kind text not null default 'book');
create table loans (
  member_id uuid not null references members (id),
  item_id uuid not null references items (id),
  loaned_on date not null default current_date,
  returned_on date,
  check (returned_on is null or returned_on >= loaned_on)
);
create unique index loans_open_item_idx on loans (item_id) where returned_on is null;
create index loans_member_id_idx on loans (member_id);
""")
_l(C, "fk_added_later", """
create table warehouses (code text not null unique);
create table stock_levels (warehouse_id uuid not null, sku text not null, quantity int not null default 0);
alter table stock_levels
  add constraint stock_levels_warehouse_fk foreign key (warehouse_id) references warehouses (id) on delete cascade;
create index stock_levels_warehouse_id_idx on stock_levels (warehouse_id);
""")
_l(C, "recipes", """
create table recipes (title text not null, servings int not null default 2);
create table ingredients (name text not null unique, unit text not null default 'g');
create table recipe_ingredients (
  recipe_id uuid not null references recipes (id) on delete cascade,
  ingredient_id uuid not null references ingredients (id),
  amount numeric(10, 2) not null check (amount > 0),
  primary key (recipe_id, ingredient_id)
);
create index recipe_ingredients_ingredient_id_idx on recipe_ingredients (ingredient_id);
insert into recipes (title) values ('Pancakes');
insert into ingredients (name) values ('flour'), ('milk');
insert into recipe_ingredients (recipe_id, ingredient_id, amount)
select r.id, i.id, 100 from recipes r cross join ingredients i;
""")

# --------------------------------------------------------------------------------------
# types: enums, domains, composite types, range types
# --------------------------------------------------------------------------------------
C = "types"
_l(C, "enum_column", """
create type mood as enum ('sad', 'ok', 'happy');
create table journal_entries (entry_mood mood not null, body text);
insert into journal_entries (entry_mood, body) values ('happy', 'shipped it'), ('sad', 'bug');
select entry_mood, count(*) from journal_entries where entry_mood > 'sad' group by entry_mood;
""")
_l(C, "enum_functions", """
create type priority_level as enum ('low', 'medium', 'high');
select enum_range(null::priority_level), enum_first(null::priority_level), enum_last(null::priority_level);
""")
_l(C, "domain_email", r"""
create domain email_address as text check (value ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$');
create table subscribers (email email_address not null unique);
insert into subscribers (email) values ('a@example.com');
""")
_l(C, "domain_positive", """
create domain positive_int as int not null check (value > 0);
create domain percent as numeric(5, 2) check (value between 0 and 100) default 0;
create table discounts (code text not null unique, min_quantity positive_int, rate percent);
insert into discounts (code, min_quantity, rate) values ('bulk', 10, 12.5);
""")
_l(C, "composite_type_column", """
create type postal_address as (street text, city text, postal_code text, country_code text);
create table shipments (destination postal_address not null, weight_kg numeric(8, 3));
insert into shipments (destination, weight_kg)
values (row('1 Main St', 'Springfield', '12345', 'US')::postal_address, 1.25);
select (destination).city, weight_kg from shipments;
""")
_l(C, "composite_type_function", """
create type money_total as (currency text, amount numeric);
create function zero_total(p_currency text) returns money_total
language sql immutable as $$ select row(p_currency, 0)::money_total $$;
select (zero_total('EUR')).*;
""")
_l(C, "range_type", """
create type price_band as range (subtype = numeric);
create table price_rules (band price_band not null, label text not null);
insert into price_rules (band, label) values (price_band(0, 10), 'cheap'), (price_band(10, 100), 'normal');
select label from price_rules where band @> 5.0;
""")
_l(C, "enum_array", """
create type weekday as enum ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun');
create table opening_hours (days weekday[] not null, opens time not null, closes time not null);
insert into opening_hours (days, opens, closes) values ('{mon,tue,wed}', '09:00', '17:00');
select * from opening_hours where 'tue' = any (days);
""")
_l(C, "drop_and_recreate_type", """
create type shirt_size as enum ('s', 'm', 'l');
drop type shirt_size;
create type shirt_size as enum ('xs', 's', 'm', 'l', 'xl');
create table shirts (size shirt_size not null, color text not null);
""")
_l(C, "domain_alter", """
create domain short_text as text check (length(value) <= 80);
alter domain short_text add constraint short_text_not_blank check (value <> '');
create table headlines (headline short_text not null);
insert into headlines (headline) values ('Postgres 15 released');
""")

# --------------------------------------------------------------------------------------
# constraints
# --------------------------------------------------------------------------------------
C = "constraints"
_l(C, "multi_column_check", """
create table bookings (
  check_in date not null,
  check_out date not null,
  guests int not null,
  constraint bookings_dates_check check (check_out > check_in),
  constraint bookings_guests_check check (guests between 1 and 8)
);
insert into bookings (check_in, check_out, guests) values ('2024-05-01', '2024-05-03', 2);
""")
_l(C, "unique_multi_column", """
create table seats (hall text not null, seat_row int not null, seat_number int not null,
  constraint seats_position_key unique (hall, seat_row, seat_number));
insert into seats (hall, seat_row, seat_number) values ('A', 1, 1), ('A', 1, 2);
""")
_l(C, "unique_nulls_not_distinct", """
create table slugs (scope text, slug text not null, unique nulls not distinct (scope, slug));
insert into slugs (scope, slug) values (null, 'home');
""")
_l(C, "exclusion_constraint", """
create table room_reservations (
  room text not null,
  during tstzrange not null,
  exclude using gist (during with &&)
);
insert into room_reservations (room, during)
values ('blue', tstzrange('2024-01-01 10:00+00', '2024-01-01 11:00+00'));
""")
_l(C, "not_valid_then_validate", NOTES + """
insert into notes (title) values ('one');
alter table notes add constraint notes_title_length check (length(title) < 500) not valid;
alter table notes validate constraint notes_title_length;
""")
_l(C, "deferrable_unique", """
create table playlist_entries (playlist text not null, position int not null,
  constraint playlist_entries_position_key unique (playlist, position) deferrable initially immediate);
insert into playlist_entries (playlist, position) values ('p', 1), ('p', 2);
set constraints playlist_entries_position_key deferred;
update playlist_entries set position = 3 - position;
""")
_l(C, "set_not_null", NOTES + """
alter table notes add column category text;
update notes set category = 'general' where category is null;
alter table notes alter column category set not null;
alter table notes alter column category drop not null;
""")
_l(C, "drop_and_rename_constraint", """
create table measurements (reading numeric not null, constraint measurements_reading_check check (reading >= 0));
alter table measurements rename constraint measurements_reading_check to measurements_reading_positive;
alter table measurements drop constraint measurements_reading_positive;
alter table measurements add constraint measurements_reading_range check (reading between -100 and 100);
""")

# --------------------------------------------------------------------------------------
# indexes
# --------------------------------------------------------------------------------------
C = "indexes"
_l(C, "unique_index", SHOP + "create unique index customers_email_lower_idx on customers (lower(email));")
_l(C, "partial_index", PROJECTS + "create index todos_open_due_idx on todos (due_on) where not done;")
_l(C, "expression_index", NOTES + "create index notes_title_lower_idx on notes (lower(title) text_pattern_ops);")
_l(C, "gin_jsonb", PROJECTS_SEED + """
create index todos_details_idx on todos using gin (details);
select title from todos where details @> '{"estimate": 3}';
""")
_l(C, "gin_jsonb_path_ops", SHOP + "create index products_attributes_idx on products using gin (attributes jsonb_path_ops);")
_l(C, "gin_tsvector", BLOG + """
create index posts_search_idx on posts using gin (to_tsvector('english', title || ' ' || body));
""")
_l(C, "gin_array", PROJECTS_SEED + """
create index todos_tags_idx on todos using gin (tags);
select count(*) from todos where tags @> array['all'];
""")
_l(C, "brin_index", """
create table sensor_readings (sensor text not null, reading numeric not null, read_at timestamptz not null default now());
create index sensor_readings_read_at_idx on sensor_readings using brin (read_at);
""")
_l(C, "covering_multi_column", PROJECTS + """
create index todos_project_priority_idx on todos (project_id, priority desc nulls last) include (title);
""")
_l(C, "hash_and_rename_drop", NOTES + """
create index if not exists notes_title_hash_idx on notes using hash (title);
alter index notes_title_hash_idx rename to notes_title_eq_idx;
drop index notes_title_eq_idx;
""")

# --------------------------------------------------------------------------------------
# identity_generated: identity columns and stored generated columns
# --------------------------------------------------------------------------------------
C = "identity_generated"
_l(C, "identity_always", """
create table invoices (invoice_no bigint generated always as identity, amount numeric(12, 2) not null);
insert into invoices (amount) values (10), (20);
select invoice_no, amount from invoices order by invoice_no;
""")
_l(C, "identity_by_default", """
create table tickets (ticket_no int generated by default as identity (start with 1000 increment by 1), subject text);
insert into tickets (subject) values ('a');
insert into tickets (ticket_no, subject) values (5000, 'b');
""")
_l(C, "identity_overriding", """
create table receipts (receipt_no int generated always as identity, total numeric not null);
insert into receipts (receipt_no, total) overriding system value values (42, 9.99);
""")
_l(C, "generated_total", """
create table cart_lines (
  quantity int not null,
  unit_price numeric(10, 2) not null,
  line_total numeric(12, 2) generated always as (quantity * unit_price) stored
);
insert into cart_lines (quantity, unit_price) values (3, 2.50);
select line_total from cart_lines;
""")
_l(C, "generated_tsvector", """
create table articles (
  title text not null,
  body text not null default '',
  search tsvector generated always as (
    setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(body, '')), 'B')) stored
);
create index articles_search_idx on articles using gin (search);
insert into articles (title, body) values ('Indexing', 'GIN indexes make search fast');
select title from articles where search @@ to_tsquery('english', 'index');
""")
_l(C, "add_identity_and_generated", NOTES + """
alter table notes add column seq_no bigint generated always as identity;
alter table notes add column title_length int generated always as (length(title)) stored;
insert into notes (title) values ('hello');
""")

# --------------------------------------------------------------------------------------
# defaults
# --------------------------------------------------------------------------------------
C = "defaults"
_l(C, "now_and_dates", """
create table reminders (
  message text not null,
  remind_at timestamptz not null default now() + interval '1 day',
  created_on date not null default current_date
);
insert into reminders (message) values ('call back');
""")
_l(C, "gen_random_uuid", """
create table share_links (public_ref uuid not null default gen_random_uuid() unique, target_path text not null);
insert into share_links (target_path) values ('/docs/1') returning public_ref;
""")
_l(C, "auth_uid_owner", """
create table bookmarks (owner_id uuid default auth.uid(), url text not null, note text);
insert into bookmarks (url) values ('https://example.com');
""")
_l(C, "jsonb_and_array_defaults", """
create table preferences (
  settings_json jsonb not null default '{"theme": "light"}'::jsonb,
  languages text[] not null default array['en'],
  flags int[] not null default '{}'
);
insert into preferences default values;
""")
_l(C, "alter_set_default", NOTES + """
alter table notes add column pinned boolean;
alter table notes alter column pinned set default false;
alter table notes alter column body drop default;
insert into notes (title, body) values ('x', 'y');
""")
_l(C, "clock_and_expression", """
create table audit_marks (
  marked_at timestamptz not null default clock_timestamp(),
  bucket int not null default (extract(hour from now()))::int,
  label text not null default 'mark-' || to_char(now(), 'YYYYMMDD')
);
insert into audit_marks default values;
""")

# --------------------------------------------------------------------------------------
# policies: RLS policies for end users with (select auth.uid())
# --------------------------------------------------------------------------------------
C = "policies"
_l(C, "owner_crud", """
create table diary_entries (owner_id uuid default auth.uid(), body text not null);
alter table diary_entries enable row level security;
create policy diary_entries_select_own on diary_entries for select to authenticated
  using ((select auth.uid()) = owner_id);
create policy diary_entries_insert_own on diary_entries for insert to authenticated
  with check ((select auth.uid()) = owner_id);
create policy diary_entries_update_own on diary_entries for update to authenticated
  using ((select auth.uid()) = owner_id) with check ((select auth.uid()) = owner_id);
create policy diary_entries_delete_own on diary_entries for delete to authenticated
  using ((select auth.uid()) = owner_id);
""")
_l(C, "anon_read_published", BLOG + """
create policy posts_public_read on posts for select to anon, authenticated
  using (published_at is not null and published_at <= now());
""")
_l(C, "membership_exists", """
create table teams (name text not null);
create table team_members (team_id uuid not null references teams (id) on delete cascade, profile_id uuid not null);
create table team_documents (team_id uuid not null references teams (id) on delete cascade, title text not null);
create index team_members_team_id_idx on team_members (team_id);
create index team_documents_team_id_idx on team_documents (team_id);
create policy team_documents_members on team_documents for select to authenticated
  using (exists (
    select 1 from team_members m
    where m.team_id = team_documents.team_id and m.profile_id = (select auth.uid())));
""")
_l(C, "role_and_jwt_claims", """
create table announcements (body text not null, audience text not null default 'all');
create policy announcements_by_role on announcements for select to authenticated
  using ((select auth.role()) = 'authenticated' and audience in ('all', 'members'));
create policy announcements_staff on announcements for all to authenticated
  using (((select auth.jwt()) ->> 'email') like '%@staff.example.com')
  with check (((select auth.jwt()) ->> 'email') like '%@staff.example.com');
""")
_l(C, "restrictive_policy", """
create table documents (owner_id uuid default auth.uid(), archived boolean not null default false, title text);
create policy documents_owner on documents as permissive for select to authenticated
  using (owner_id = (select auth.uid()));
create policy documents_not_archived on documents as restrictive for select to authenticated
  using (not archived);
""")
_l(C, "alter_and_drop_policy", """
create table wiki_pages (owner_id uuid default auth.uid(), title text not null);
create policy wiki_pages_read on wiki_pages for select to authenticated using (true);
create policy wiki_pages_write on wiki_pages for update to authenticated using (owner_id = (select auth.uid()));
alter policy wiki_pages_read on wiki_pages to authenticated, anon;
alter policy wiki_pages_write on wiki_pages using (owner_id = (select auth.uid())) with check (owner_id = (select auth.uid()));
alter policy wiki_pages_read on wiki_pages rename to wiki_pages_read_all;
drop policy wiki_pages_write on wiki_pages;
""")
_l(C, "force_rls_explicit", """
create table private_files (owner_id uuid default auth.uid(), file_name text not null);
alter table private_files enable row level security;
alter table private_files force row level security;
create policy private_files_own on private_files for all to authenticated
  using (owner_id = (select auth.uid())) with check (owner_id = (select auth.uid()));
""")
_l(C, "insert_only_for_anon", """
create table contact_requests (email text not null, message text not null);
create policy contact_requests_anon_insert on contact_requests for insert to anon
  with check (length(message) < 2000);
grant insert on contact_requests to anon;
""")
_l(C, "policy_calls_own_function", """
create table projects (name text not null);
create table project_members (project_id uuid not null references projects (id) on delete cascade, profile_id uuid not null);
create index project_members_project_id_idx on project_members (project_id);
create function is_project_member(p_project_id uuid) returns boolean
language sql stable set search_path = '' as $$
  select exists (select 1 from acme.project_members
                 where project_id = p_project_id and profile_id = (select auth.uid()))
$$;
create policy projects_members_read on projects for select to authenticated
  using (acme.is_project_member(id));
""")
_l(C, "policy_with_own_table_lookup", PROJECTS + """
create policy todos_via_project on todos for select to authenticated
  using (project_id in (select id from projects where not archived));
""")

# --------------------------------------------------------------------------------------
# grants: to anon/authenticated on own objects
# --------------------------------------------------------------------------------------
C = "grants"
_l(C, "table_privileges", PROJECTS + """
grant select on projects to anon;
grant select, insert, update, delete on projects, todos to authenticated;
""")
_l(C, "column_privileges", SHOP + """
grant select (sku, name, price) on products to anon;
grant update (stock) on products to authenticated;
""")
_l(C, "sequence_usage", """
create sequence order_number_seq start 1000;
grant usage, select on sequence order_number_seq to authenticated;
""")
_l(C, "function_execute", """
create function add_numbers(a int, b int) returns int language sql immutable as $$ select a + b $$;
revoke execute on function add_numbers(int, int) from anon;
grant execute on function add_numbers(int, int) to authenticated;
""")
_l(C, "revoke", PROJECTS + """
grant select, insert on projects to anon;
revoke insert on projects from anon;
""")
_l(C, "view_grant", PROJECTS + """
create view open_todos with (security_invoker = true) as select title, due_on from todos where not done;
grant select on open_todos to authenticated;
""")
_l(C, "schema_objects_for_end_users", BLOG + """
grant select on posts, tags, post_tags to anon, authenticated;
grant insert, update, delete on posts to authenticated;
""")
_l(C, "type_usage", """
create type visibility as enum ('private', 'team', 'public');
grant usage on type visibility to authenticated;
""")

# --------------------------------------------------------------------------------------
# views: security_invoker views
# --------------------------------------------------------------------------------------
C = "views"
_l(C, "simple_invoker_view", PROJECTS_SEED + """
create view open_todos with (security_invoker = true) as
  select t.title, p.name as project, t.due_on from todos t join projects p on p.id = t.project_id where not t.done;
select * from open_todos order by due_on limit 3;
""")
_l(C, "aggregate_view", SHOP_SEED + """
create view customer_totals with (security_invoker = true) as
  select c.id as customer_id, c.full_name, count(distinct o.id) as orders, coalesce(sum(oi.quantity * oi.unit_price), 0) as spent
  from customers c left join orders o on o.customer_id = c.id left join order_items oi on oi.order_id = o.id
  group by c.id, c.full_name;
select * from customer_totals order by spent desc;
""")
_l(C, "invoker_and_barrier", NOTES + """
create view public_notes with (security_invoker = true, security_barrier = true) as
  select title from notes where body <> '';
""")
_l(C, "invoker_on", NOTES + "create view note_titles with (security_invoker = on) as select title from notes;")
_l(C, "create_or_replace", NOTES + """
create view note_titles with (security_invoker = true) as select title from notes;
create or replace view note_titles with (security_invoker = true) as select title, body from notes;
""")
_l(C, "check_option", PROJECTS + """
create view urgent_todos with (security_invoker = true) as
  select * from todos where priority >= 4 with local check option;
""")
_l(C, "recursive_invoker_view", """
create recursive view countdown (n) with (security_invoker = true) as
  select 5 union all select n - 1 from countdown where n > 1;
select * from countdown;
""")
_l(C, "rename_and_drop", NOTES + """
create view note_list with (security_invoker = true) as select title from notes;
alter view note_list rename to note_index;
alter view note_index rename column title to note_title;
drop view note_index;
""")

# --------------------------------------------------------------------------------------
# functions_sql: SQL-language functions
# --------------------------------------------------------------------------------------
C = "functions_sql"
_l(C, "immutable_helper", """
create function slugify(p_text text) returns text language sql immutable strict
as $$ select trim(both '-' from regexp_replace(lower(p_text), '[^a-z0-9]+', '-', 'g')) $$;
select slugify('Hello, World!');
""")
_l(C, "search_path_empty", PROJECTS_SEED + """
create function open_todo_count(p_project_id uuid) returns bigint
language sql stable set search_path = ''
as $$ select count(*) from acme.todos where project_id = p_project_id and not done $$;
select name, open_todo_count(id) from projects;
""")
_l(C, "search_path_acme", PROJECTS_SEED + """
create function project_names() returns setof text
language sql stable set search_path = acme
as $$ select name from projects order by name $$;
select * from project_names();
""")
_l(C, "returns_table", SHOP_SEED + """
create function product_stock(p_min int default 0)
returns table (sku text, stock int)
language sql stable as $$ select sku, stock from products where stock >= p_min order by sku $$;
select * from product_stock(10);
""")
_l(C, "returns_setof_rowtype", PROJECTS_SEED + """
create function todos_due_before(p_day date) returns setof todos
language sql stable as $$ select * from todos where due_on < p_day $$;
select title from todos_due_before(date '2024-01-04');
""")
_l(C, "sql_standard_body", """
create function celsius_to_fahrenheit(c numeric) returns numeric
language sql immutable
begin atomic
  select c * 9 / 5 + 32;
end;
select celsius_to_fahrenheit(100);
""")
_l(C, "current_user_profile", """
create table profiles (display_name text not null, owner_id uuid default auth.uid() unique);
create function my_profile() returns setof profiles
language sql stable set search_path = '' as $$
  select * from acme.profiles where owner_id = (select auth.uid())
$$;
select * from my_profile();
""")
_l(C, "overload_replace_drop", """
create function area_of(r numeric) returns numeric language sql immutable as $$ select pi() * r * r $$;
create function area_of(w numeric, h numeric) returns numeric language sql immutable as $$ select w * h $$;
create or replace function area_of(r numeric) returns numeric language sql immutable as $$ select round((pi() * r ^ 2)::numeric, 4) $$;
select area_of(2), area_of(2, 3);
drop function area_of(numeric, numeric);
""")
_l(C, "procedure_call", NOTES + """
create procedure add_note(p_title text) language sql as $$ insert into notes (title) values (p_title) $$;
call add_note('from a procedure');
select count(*) from notes;
""")

# --------------------------------------------------------------------------------------
# functions_plpgsql
# --------------------------------------------------------------------------------------
C = "functions_plpgsql"
_l(C, "control_flow", """
create function grade(p_score int) returns text language plpgsql immutable as $$
begin
  if p_score >= 90 then
    return 'A';
  elsif p_score >= 75 then
    return 'B';
  else
    return 'C';
  end if;
end $$;
select grade(95), grade(80), grade(10);
""")
_l(C, "return_query", PROJECTS_SEED + """
create function project_summary()
returns table (project_name text, open_count bigint)
language plpgsql stable set search_path = acme as $$
begin
  return query
    select p.name, count(t.*) filter (where not t.done)
    from projects p left join todos t on t.project_id = p.id
    group by p.name;
end $$;
select * from project_summary();
""")
_l(C, "execute_constant_string", PROJECTS_SEED + """
create function todo_total() returns bigint language plpgsql stable as $$
declare n bigint;
begin
  execute 'select count(*) from todos' into n;
  return n;
end $$;
select todo_total();
""")
_l(C, "loops_and_records", PROJECTS_SEED + """
create function longest_title() returns text language plpgsql stable as $$
declare
  r record;
  best text := '';
begin
  for r in select title from todos loop
    if length(r.title) > length(best) then
      best := r.title;
    end if;
  end loop;
  return best;
end $$;
select longest_title();
""")
_l(C, "foreach_array", """
create function sum_array(p_values int[]) returns int language plpgsql immutable as $$
declare
  v int;
  total int := 0;
begin
  foreach v in array p_values loop
    total := total + v;
  end loop;
  return total;
end $$;
select sum_array(array[1, 2, 3]);
""")
_l(C, "exception_handling", """
create table codes (code text not null unique);
create function add_code(p_code text) returns boolean language plpgsql as $$
begin
  insert into codes (code) values (p_code);
  return true;
exception
  when unique_violation then
    return false;
end $$;
select add_code('x'), add_code('x');
""")
_l(C, "rowtype_and_diagnostics", PROJECTS_SEED + """
create function close_project(p_name text) returns int language plpgsql as $$
declare
  p projects%rowtype;
  n int;
begin
  select * into strict p from projects where name = p_name;
  update todos set done = true where project_id = p.id and not done;
  get diagnostics n = row_count;
  update projects set archived = true where id = p.id;
  return n;
end $$;
select close_project('alpha');
""")
_l(C, "raise_and_assert", """
create function checked_ratio(a numeric, b numeric) returns numeric language plpgsql immutable as $$
begin
  if b = 0 then
    raise exception 'division by zero is not allowed' using errcode = '22012', hint = 'pass b <> 0';
  end if;
  assert a >= 0, 'a must not be negative';
  raise notice 'ratio of % and %', a, b;
  return a / b;
end $$;
select checked_ratio(1, 4);
""")
_l(C, "out_parameters", SHOP_SEED + """
create function price_stats(out min_price numeric, out max_price numeric, out avg_price numeric)
language plpgsql stable as $$
begin
  select min(price), max(price), round(avg(price), 2) into min_price, max_price, avg_price from products;
end $$;
select * from price_stats();
""")
_l(C, "procedure_with_loop", NOTES + """
create procedure seed_notes(p_count int) language plpgsql as $$
begin
  for i in 1 .. p_count loop
    insert into notes (title) values ('note ' || i);
  end loop;
end $$;
call seed_notes(3);
""")
_l(C, "perform_and_found", PROJECTS_SEED + """
create function has_overdue() returns boolean language plpgsql stable as $$
begin
  perform 1 from todos where due_on < date '2024-01-03' and not done;
  return found;
end $$;
select has_overdue();
""")
_l(C, "column_type_reference", NOTES + """
create function first_title() returns text language plpgsql stable as $$
declare t notes.title%type;
begin
  select title into t from notes order by title limit 1;
  return coalesce(t, 'none');
end $$;
select first_title();
""")

# --------------------------------------------------------------------------------------
# triggers: trigger functions and triggers on own tables
# --------------------------------------------------------------------------------------
C = "triggers"
_l(C, "normalize_before_insert", """
create table contacts (email text not null, email_normalized text);
create function contacts_normalize() returns trigger language plpgsql as $$
begin
  new.email_normalized := lower(trim(new.email));
  return new;
end $$;
create trigger contacts_normalize before insert or update of email on contacts
  for each row execute function contacts_normalize();
insert into contacts (email) values ('  Ada@Example.COM ');
select email_normalized from contacts;
""")
_l(C, "audit_log", PROJECTS + """
create table todo_events (todo_id uuid, action text not null, payload jsonb);
create function todos_audit() returns trigger language plpgsql set search_path = acme as $$
begin
  if tg_op = 'DELETE' then
    insert into todo_events (todo_id, action, payload) values (old.id, tg_op, to_jsonb(old));
    return old;
  end if;
  insert into todo_events (todo_id, action, payload) values (new.id, tg_op, to_jsonb(new));
  return new;
end $$;
create trigger todos_audit after insert or update or delete on todos
  for each row execute function todos_audit();
insert into projects (name) values ('p');
insert into todos (project_id, title) select id, 'first' from projects;
delete from todos;
select action from todo_events order by action;
""")
_l(C, "counter_cache", BLOG + """
alter table profiles add column post_count int not null default 0;
create function posts_count() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    update profiles set post_count = post_count + 1 where id = new.author_id;
  elsif tg_op = 'DELETE' then
    update profiles set post_count = post_count - 1 where id = old.author_id;
  end if;
  return null;
end $$;
create trigger posts_count after insert or delete on posts for each row execute function posts_count();
insert into profiles (handle) values ('ada_l');
insert into posts (author_id, title) select id, 'hi' from profiles;
select post_count from profiles;
""")
_l(C, "statement_level_transition_table", NOTES + """
create table note_batches (inserted_count int not null);
create function notes_batch() returns trigger language plpgsql as $$
begin
  insert into note_batches (inserted_count) select count(*) from new_rows;
  return null;
end $$;
create trigger notes_batch after insert on notes referencing new table as new_rows
  for each statement execute function notes_batch();
insert into notes (title) values ('a'), ('b');
select inserted_count from note_batches;
""")
_l(C, "when_condition", PROJECTS + """
alter table todos add column completed_at timestamptz;
create function todos_completed() returns trigger language plpgsql as $$
begin
  new.completed_at := now();
  return new;
end $$;
create trigger todos_completed before update on todos
  for each row when (old.done is distinct from new.done and new.done) execute function todos_completed();
""")
_l(C, "suppress_redundant_updates", NOTES + """
create trigger notes_skip_noop before update on notes
  for each row execute function suppress_redundant_updates_trigger();
insert into notes (title) values ('same');
update notes set title = 'same';
""")
_l(C, "tsvector_update_trigger", """
create table faq_entries (question text not null, answer text not null, search tsvector);
create trigger faq_entries_search before insert or update on faq_entries
  for each row execute function tsvector_update_trigger(search, 'pg_catalog.english', question, answer);
insert into faq_entries (question, answer) values ('How do I reset?', 'Use the settings page.');
select question from faq_entries where search @@ plainto_tsquery('english', 'reset');
""")
_l(C, "execute_procedure_syntax_and_drop", NOTES + """
create function notes_touch() returns trigger language plpgsql as $$
begin
  new.body := coalesce(new.body, '');
  return new;
end $$;
create trigger notes_touch before insert on notes for each row execute procedure notes_touch();
alter trigger notes_touch on notes rename to notes_fill_body;
drop trigger notes_fill_body on notes;
""")

# --------------------------------------------------------------------------------------
# do_blocks: anonymous PL/pgSQL blocks doing DML on own tables
# --------------------------------------------------------------------------------------
C = "do_blocks"
_l(C, "insert_loop", NOTES + """
do $$
begin
  for i in 1 .. 5 loop
    insert into notes (title) values (format('note %s', i));
  end loop;
end $$;
""")
_l(C, "conditional_update", PROJECTS_SEED + """
do $$
declare n int;
begin
  select count(*) into n from todos where priority >= 4;
  if n > 0 then
    update todos set tags = array_append(tags, 'urgent') where priority >= 4;
  end if;
end $$;
""")
_l(C, "raise_notice", """
do $$
begin
  raise notice 'today is %', to_char(current_date, 'YYYY-MM-DD');
end $$;
""")
_l(C, "language_clause_and_record_loop", PROJECTS_SEED + """
do language plpgsql $block$
declare r record;
begin
  for r in select id, name from projects loop
    update projects set description = 'project ' || r.name where id = r.id;
  end loop;
end
$block$;
""")
_l(C, "exception_block", """
create table codes (code text not null unique);
do $$
begin
  insert into codes (code) values ('a');
  begin
    insert into codes (code) values ('a');
  exception when unique_violation then
    raise notice 'duplicate ignored';
  end;
end $$;
""")
_l(C, "execute_constant_in_do", NOTES + """
do $$
begin
  execute 'insert into notes (title) values (''from execute'')';
end $$;
""")

# --------------------------------------------------------------------------------------
# cte: common table expressions
# --------------------------------------------------------------------------------------
C = "cte"
_l(C, "simple", PROJECTS_SEED + """
with open_todos as (select * from todos where not done)
select p.name, count(*) from open_todos o join projects p on p.id = o.project_id group by p.name;
""")
_l(C, "recursive_tree", """
create table categories (parent_id uuid references categories (id), name text not null);
create index categories_parent_id_idx on categories (parent_id);
insert into categories (name) values ('root');
insert into categories (parent_id, name) select id, 'a' from categories where name = 'root';
insert into categories (parent_id, name) select id, 'a1' from categories where name = 'a';
with recursive tree as (
  select id, name, 1 as depth, name as path from categories where parent_id is null
  union all
  select c.id, c.name, t.depth + 1, t.path || ' > ' || c.name
  from categories c join tree t on c.parent_id = t.id
)
select path, depth from tree order by path;
""")
_l(C, "recursive_series", """
with recursive fib (n, a, b) as (
  select 1, 0::numeric, 1::numeric
  union all
  select n + 1, b, a + b from fib where n < 20
)
select n, a from fib;
""")
_l(C, "data_modifying_insert", PROJECTS + """
with new_project as (
  insert into projects (name) values ('launch') returning id
)
insert into todos (project_id, title)
select id, t from new_project, unnest(array['plan', 'build', 'ship']) as t;
""")
_l(C, "data_modifying_archive", NOTES + """
create table archived_notes (title text not null, body text not null);
insert into notes (title) values ('old'), ('new');
with moved as (
  delete from notes where title = 'old' returning title, body
)
insert into archived_notes (title, body) select title, body from moved;
""")
_l(C, "materialized_hint_and_multiple", SHOP_SEED + """
with paid as materialized (
  select * from orders where status = 'paid'
), lines as not materialized (
  select order_id, sum(quantity * unit_price) as total from order_items group by order_id
)
select p.id, l.total from paid p join lines l on l.order_id = p.id;
""")
_l(C, "cte_update", SHOP_SEED + """
with low as (select id from products where stock < 10)
update products set stock = stock + 50 where id in (select id from low) returning sku, stock;
""")
_l(C, "search_depth_first", """
create table org_units (parent_id uuid references org_units (id), name text not null);
create index org_units_parent_id_idx on org_units (parent_id);
insert into org_units (name) values ('hq');
with recursive units as (
  select id, name, parent_id from org_units where parent_id is null
  union all
  select o.id, o.name, o.parent_id from org_units o join units u on o.parent_id = u.id
) search depth first by name set ordercol
select name from units order by ordercol;
""")

# --------------------------------------------------------------------------------------
# window: window functions
# --------------------------------------------------------------------------------------
C = "window"
_l(C, "row_number_partition", PROJECTS_SEED + """
select title, priority,
       row_number() over (partition by project_id order by priority desc, title) as rn
from todos;
""")
_l(C, "rank_dense_rank", SHOP_SEED + """
select name, price, rank() over (order by price desc), dense_rank() over (order by price desc) from products;
""")
_l(C, "lag_lead", PROJECTS_SEED + """
select title, due_on,
       lag(due_on) over w as previous_due,
       lead(due_on, 1, date '2099-01-01') over w as next_due
from todos window w as (partition by project_id order by due_on);
""")
_l(C, "running_total_frame", SHOP_SEED + """
select o.id, oi.quantity * oi.unit_price as amount,
       sum(oi.quantity * oi.unit_price) over (order by oi.unit_price rows between unbounded preceding and current row) as running
from orders o join order_items oi on oi.order_id = o.id;
""")
_l(C, "ntile_percent_rank", PROJECTS_SEED + """
select title, priority, ntile(4) over (order by priority), percent_rank() over (order by priority),
       cume_dist() over (order by priority)
from todos;
""")
_l(C, "first_last_nth_value", PROJECTS_SEED + """
select distinct project_id,
  first_value(title) over w, last_value(title) over w, nth_value(title, 2) over w
from todos
window w as (partition by project_id order by title rows between unbounded preceding and unbounded following);
""")
_l(C, "moving_average", """
create table daily_sales (sold_on date not null, amount numeric not null);
insert into daily_sales (sold_on, amount)
select d::date, (extract(day from d) * 10)::numeric from generate_series(date '2024-01-01', date '2024-01-14', interval '1 day') d;
select sold_on, avg(amount) over (order by sold_on range between interval '6 days' preceding and current row) from daily_sales;
""")

# --------------------------------------------------------------------------------------
# jsonb
# --------------------------------------------------------------------------------------
C = "jsonb"
_l(C, "operators", PROJECTS_SEED + """
select details -> 'labels' -> 0, details ->> 'estimate', details #> '{labels,1}', details #>> '{labels,0}'
from todos where details ? 'estimate' and details @> '{"labels": ["a"]}';
""")
_l(C, "exists_any_all", SHOP_SEED + """
select sku from products where attributes ?| array['color', 'size'];
select sku from products where attributes ?& array['color', 'volume_ml'];
""")
_l(C, "jsonb_set_insert", PROJECTS_SEED + """
update todos set details = jsonb_set(details, '{estimate}', to_jsonb(priority * 2));
update todos set details = jsonb_insert(details, '{labels,0}', '"first"');
select details from todos limit 2;
""")
_l(C, "delete_concat_strip", PROJECTS_SEED + """
update todos set details = (details - 'labels') || jsonb_build_object('reviewed', true, 'note', null);
select jsonb_strip_nulls(details), jsonb_pretty(details) from todos limit 1;
""")
_l(C, "path_queries", SHOP_SEED + """
select sku, jsonb_path_query_first(attributes, '$.volume_ml') from products
where attributes @? '$.volume_ml ? (@ > 100)';
select jsonb_path_exists(attributes, '$.color'), jsonb_path_query_array(attributes, '$.*') from products;
""")
_l(C, "each_and_keys", SHOP_SEED + """
select p.sku, kv.key, kv.value from products p, jsonb_each(p.attributes) as kv;
select distinct jsonb_object_keys(attributes) from products;
""")
_l(C, "to_recordset", """
select * from jsonb_to_recordset('[{"name": "a", "qty": 1}, {"name": "b", "qty": 2}]'::jsonb)
  as x(name text, qty int);
""")
_l(C, "aggregates", SHOP_SEED + """
select jsonb_agg(jsonb_build_object('sku', sku, 'price', price) order by sku),
       jsonb_object_agg(sku, stock)
from products;
""")
_l(C, "subscripting", PROJECTS_SEED + """
update todos set details['estimate'] = '8' where priority = 1;
select details['estimate'], details['labels'][0] from todos;
""")
_l(C, "populate_and_typeof", SHOP + """
create type product_input as (sku text, name text, price numeric);
insert into products (sku, name, price)
select sku, name, price from jsonb_populate_record(null::product_input, '{"sku": "x-1", "name": "X", "price": 3}');
select jsonb_typeof(attributes), jsonb_array_length('[1,2,3]'::jsonb) from products;
""")

# --------------------------------------------------------------------------------------
# arrays
# --------------------------------------------------------------------------------------
C = "arrays"
_l(C, "array_agg_and_unnest", PROJECTS_SEED + """
select project_id, array_agg(title order by title) from todos group by project_id;
select t.tag, t.ord from todos, unnest(tags) with ordinality as t(tag, ord) limit 5;
""")
_l(C, "any_all_overlap", PROJECTS_SEED + """
select title from todos where 'tag1' = any (tags);
select title from todos where tags && array['tag0', 'tag2'];
select title from todos where priority > all (array[1, 2]);
""")
_l(C, "append_remove_cardinality", PROJECTS_SEED + """
update todos set tags = array_remove(array_append(tags, 'reviewed'), 'all');
select title, cardinality(tags), array_length(tags, 1), array_position(tags, 'reviewed') from todos;
""")
_l(C, "string_conversion", """
select array_to_string(array['a', 'b', null], ',', '*'), string_to_array('x,y,z', ','),
       array_cat(array[1, 2], array[3]), array_prepend(0, array[1]);
""")
_l(C, "slices_and_subscripts", """
select (array[10, 20, 30, 40])[2:3], array_dims(array[[1, 2], [3, 4]]),
       array_upper(array[1, 2, 3], 1), array_lower(array[1, 2, 3], 1);
select i from generate_subscripts(array['a', 'b', 'c'], 1) as i;
""")
_l(C, "array_column_gin_query", """
create table recipes (title text not null, ingredients text[] not null default '{}');
create index recipes_ingredients_idx on recipes using gin (ingredients);
insert into recipes (title, ingredients) values ('soup', '{water,salt,leek}'), ('tea', '{water,leaves}');
select title from recipes where ingredients @> '{water}' and not ingredients <@ '{water,leaves}';
""")
_l(C, "array_replace_fill", """
select array_replace(array[1, 2, 1], 1, 9), array_fill(0, array[3]), array_positions(array[1, 2, 1], 1),
       trim_array(array[1, 2, 3], 1);
""")

# --------------------------------------------------------------------------------------
# ranges and multiranges
# --------------------------------------------------------------------------------------
C = "ranges"
_l(C, "tstzrange_column", """
create table shifts (worker text not null, during tstzrange not null);
insert into shifts (worker, during) values ('ada', tstzrange('2024-01-01 08:00+00', '2024-01-01 16:00+00'));
select worker from shifts where during @> timestamptz '2024-01-01 12:00+00';
select lower(during), upper(during), upper(during) - lower(during) from shifts;
""")
_l(C, "daterange_operators", """
select daterange('2024-01-01', '2024-01-10') && daterange('2024-01-05', '2024-01-20'),
       daterange('2024-01-01', '2024-01-10', '[]') @> date '2024-01-10',
       daterange('2024-01-01', '2024-01-10') * daterange('2024-01-05', '2024-01-20'),
       isempty(daterange('2024-01-01', '2024-01-01'));
""")
_l(C, "int_and_numeric_ranges", """
select int4range(1, 10) @> 5, numrange(1.5, 2.5) && numrange(2.0, 3.0), int8range(1, 5, '[]'),
       lower_inc(int4range(1, 3)), upper_inf(int4range(1, null)), range_merge(int4range(1, 2), int4range(5, 6));
""")
_l(C, "multiranges", """
create table availability (room text not null, free_on datemultirange not null);
insert into availability (room, free_on)
values ('blue', datemultirange(daterange('2024-01-01', '2024-01-05'), daterange('2024-01-10', '2024-01-12')));
select room from availability where free_on @> date '2024-01-11';
select range_agg(r) from (values (int4range(1, 3)), (int4range(2, 6)), (int4range(8, 9))) v(r);
""")
_l(C, "exclusion_on_daterange", """
create table room_bookings (room text not null, stay daterange not null,
  exclude using gist (stay with &&));
insert into room_bookings (room, stay) values ('101', daterange('2024-02-01', '2024-02-03'));
select room, upper(stay) - lower(stay) as nights from room_bookings;
""")
_l(C, "range_intersect_agg", """
select range_intersect_agg(r) from (values (int4range(1, 10)), (int4range(5, 15))) v(r);
select unnest(int4multirange(int4range(1, 2), int4range(4, 5)));
""")

# --------------------------------------------------------------------------------------
# fts: full-text search
# --------------------------------------------------------------------------------------
C = "fts"
_l(C, "websearch_and_rank", BLOG_SEED + """
select title, ts_rank(to_tsvector('english', title || ' ' || body), websearch_to_tsquery('english', 'postgres search')) as rank
from posts
where to_tsvector('english', title || ' ' || body) @@ websearch_to_tsquery('english', 'postgres search')
order by rank desc;
""")
_l(C, "headline", BLOG_SEED + """
select ts_headline('english', body, plainto_tsquery('english', 'search'), 'StartSel=<b>, StopSel=</b>')
from posts;
""")
_l(C, "phrase_and_prefix", BLOG_SEED + """
select title from posts where to_tsvector('english', body) @@ phraseto_tsquery('english', 'full text search');
select title from posts where to_tsvector('english', body) @@ to_tsquery('english', 'postgr:*');
""")
_l(C, "weights_and_rank_cd", """
select ts_rank_cd(setweight(to_tsvector('english', 'Fast search'), 'A') || to_tsvector('english', 'about indexes'),
                  to_tsquery('english', 'search & index'));
""")
_l(C, "tsvector_helpers", """
select strip(to_tsvector('simple', 'a b c')), tsvector_to_array(to_tsvector('english', 'cats and dogs')),
       array_to_tsvector(array['x', 'y']), numnode(to_tsquery('a & b')), querytree(to_tsquery('english', 'cats'));
""")
_l(C, "stored_search_column_gin", """
create table help_articles (
  title text not null,
  body text not null,
  search tsvector generated always as (to_tsvector('simple', title || ' ' || body)) stored
);
create index help_articles_search_idx on help_articles using gin (search);
insert into help_articles (title, body) values ('Billing', 'How invoices work');
select title from help_articles where search @@ plainto_tsquery('simple', 'invoices');
""")
_l(C, "jsonb_to_tsvector", """
select jsonb_to_tsvector('english', '{"title": "Running fast", "tags": ["sport"]}'::jsonb, '["string"]'),
       ts_delete(to_tsvector('english', 'cats and dogs'), 'dog'),
       ts_filter(setweight(to_tsvector('english', 'cats'), 'A'), '{a}');
""")

# --------------------------------------------------------------------------------------
# upsert: INSERT ... ON CONFLICT
# --------------------------------------------------------------------------------------
C = "upsert"
_l(C, "do_update_excluded", SHOP_SEED + """
insert into products (sku, name, price, stock) values ('pen-1', 'Pen', 1.75, 10)
on conflict (sku) do update set price = excluded.price, stock = products.stock + excluded.stock
returning sku, price, stock;
""")
_l(C, "do_nothing", SHOP_SEED + """
insert into customers (email, full_name) values ('ada@example.com', 'Duplicate') on conflict do nothing;
""")
_l(C, "on_constraint", """
create table counters (counter_name text not null, hits int not null default 0,
  constraint counters_name_key unique (counter_name));
insert into counters (counter_name, hits) values ('home', 1)
on conflict on constraint counters_name_key do update set hits = counters.hits + 1;
insert into counters (counter_name, hits) values ('home', 1)
on conflict on constraint counters_name_key do update set hits = counters.hits + 1;
select hits from counters;
""")
_l(C, "conditional_update", SHOP_SEED + """
insert into products (sku, name, price) values ('mug-1', 'Mug', 8.00)
on conflict (sku) do update set price = excluded.price where products.price > excluded.price;
""")
_l(C, "composite_key_upsert", """
create table daily_counts (counted_on date not null, metric text not null, total int not null default 0,
  primary key (counted_on, metric));
insert into daily_counts (counted_on, metric, total) values (current_date, 'visits', 1)
on conflict (counted_on, metric) do update set total = daily_counts.total + excluded.total;
""")

# --------------------------------------------------------------------------------------
# merge (PostgreSQL 15)
# --------------------------------------------------------------------------------------
C = "merge"
_l(C, "full_merge", SHOP_SEED + """
create table price_updates (sku text not null, new_price numeric(12, 2), discontinued boolean not null default false);
insert into price_updates (sku, new_price, discontinued) values ('pen-1', 2.00, false), ('mug-1', null, true), ('cup-1', 3.00, false);
merge into products p
using price_updates u on p.sku = u.sku
when matched and u.discontinued then delete
when matched then update set price = u.new_price
when not matched then insert (sku, name, price) values (u.sku, u.sku, u.new_price);
""")
_l(C, "merge_values", SHOP_SEED + """
merge into customers c
using (values ('ada@example.com', 'Ada King'), ('new@example.com', 'New Person')) as v(email, full_name)
on c.email = v.email
when matched then update set full_name = v.full_name
when not matched then insert (email, full_name) values (v.email, v.full_name);
""")
_l(C, "merge_subquery", SHOP_SEED + """
create table product_sales (product_id uuid not null references products (id), units int not null default 0);
create index product_sales_product_id_idx on product_sales (product_id);
merge into product_sales s
using (select product_id, sum(quantity) as units from order_items group by product_id) t
on s.product_id = t.product_id
when matched then update set units = t.units
when not matched then insert (product_id, units) values (t.product_id, t.units);
""")
_l(C, "merge_do_nothing", NOTES + """
insert into notes (title) values ('keep');
merge into notes n using (select 'keep' as title union all select 'add') s on n.title = s.title
when matched then do nothing
when not matched then insert (title) values (s.title);
""")
_l(C, "merge_conditions", PROJECTS_SEED + """
merge into todos t
using (select id, name from projects) p on t.project_id = p.id and t.priority = 5
when matched and p.name = 'alpha' then update set done = true
when matched then update set priority = 4;
""")

# --------------------------------------------------------------------------------------
# dml: UPDATE ... FROM, DELETE ... USING, RETURNING, locking reads
# --------------------------------------------------------------------------------------
C = "dml"
_l(C, "update_from", SHOP_SEED + """
update order_items oi set unit_price = p.price * 0.9
from products p where p.id = oi.product_id and p.sku = 'pen-1'
returning oi.id, oi.unit_price;
""")
_l(C, "delete_using", PROJECTS_SEED + """
delete from todos t using projects p
where p.id = t.project_id and p.name = 'beta' and t.priority < 2
returning t.title;
""")
_l(C, "insert_select_returning", PROJECTS_SEED + """
insert into todos (project_id, title) select id, 'review ' || name from projects returning id, title;
""")
_l(C, "multi_row_and_default_values", NOTES + """
insert into notes (title, body) values ('a', 'x'), ('b', default), ('c', 'z');
alter table notes alter column title set default 'untitled';
insert into notes default values;
""")
_l(C, "update_row_subquery", SHOP_SEED + """
update orders o set (status, placed_at) = (select 'shipped', now()) where o.status = 'paid';
""")
_l(C, "delete_not_exists", SHOP_SEED + """
insert into products (sku, name, price) values ('unused-1', 'Unused', 1);
delete from products p where not exists (select 1 from order_items oi where oi.product_id = p.id) and p.stock = 0;
""")
_l(C, "select_for_update_skip_locked", PROJECTS_SEED + """
select id, title from todos where not done order by priority desc limit 2 for update skip locked;
""")
_l(C, "select_for_share", SHOP_SEED + """
select sku from products where stock > 0 for share;
""")
_l(C, "update_with_case", PROJECTS_SEED + """
update todos set priority = case when due_on < date '2024-01-03' then 5 else priority end,
                 done = coalesce(done, false);
""")
_l(C, "truncate_then_insert", NOTES + """
insert into notes (title) values ('a');
truncate notes;
insert into notes (title) values ('fresh');
select count(*) from notes;
""")

# --------------------------------------------------------------------------------------
# explain
# --------------------------------------------------------------------------------------
C = "explain"
_l(C, "explain_select", PROJECTS_SEED + "explain select * from todos where project_id is not null;")
_l(C, "explain_analyze", PROJECTS_SEED + "explain analyze select count(*) from todos where not done;")
_l(C, "explain_json", SHOP_SEED + "explain (format json) select * from orders o join order_items i on i.order_id = o.id;")
_l(C, "explain_analyze_buffers", SHOP_SEED + "explain (analyze, buffers, costs off) select sku from products order by price;")
_l(C, "explain_analyze_dml", NOTES + "explain analyze insert into notes (title) values ('measured');")
_l(C, "explain_verbose", BLOG_SEED + "explain verbose select title from posts where published_at is not null;")

# --------------------------------------------------------------------------------------
# comments: COMMENT ON own objects
# --------------------------------------------------------------------------------------
C = "comments"
_l(C, "table_and_columns", PROJECTS + """
comment on table todos is 'Tasks that belong to a project';
comment on column todos.priority is '0 (none) to 5 (urgent)';
""")
_l(C, "function_and_view", NOTES + """
create function note_count() returns bigint language sql stable as $$ select count(*) from notes $$;
create view note_titles with (security_invoker = true) as select title from notes;
comment on function note_count() is 'How many notes exist';
comment on view note_titles is 'Just the titles';
""")
_l(C, "type_index_constraint", """
create type mood as enum ('sad', 'happy');
create table moods (current_mood mood not null, constraint moods_not_sad check (current_mood <> 'sad'));
create index moods_current_mood_idx on moods (current_mood);
comment on type mood is 'How someone feels';
comment on index moods_current_mood_idx is 'Lookup by mood';
comment on constraint moods_not_sad on moods is 'Stay positive';
""")
_l(C, "policy_and_trigger", NOTES + """
create policy notes_read on notes for select to authenticated using (true);
create function notes_noop() returns trigger language plpgsql as $$ begin return new; end $$;
create trigger notes_noop before insert on notes for each row execute function notes_noop();
comment on policy notes_read on notes is 'Everyone signed in may read';
comment on trigger notes_noop on notes is 'Placeholder';
""")
_l(C, "remove_comment", NOTES + """
comment on table notes is 'temporary';
comment on table notes is null;
""")
_l(C, "qualified_and_sequence", """
create sequence invoice_no_seq;
create table acme.invoices (total numeric not null);
comment on table acme.invoices is 'Issued invoices';
comment on sequence invoice_no_seq is 'Invoice numbers';
comment on column acme.invoices.total is 'Gross amount';
""")

# --------------------------------------------------------------------------------------
# alter: ALTER TABLE / TYPE / FUNCTION / SEQUENCE on own objects
# --------------------------------------------------------------------------------------
C = "alter"
_l(C, "add_column", NOTES + "alter table notes add column archived boolean not null default false;")
_l(C, "drop_column", NOTES + """
alter table notes add column legacy_code text;
alter table notes drop column legacy_code;
alter table notes drop column if exists never_existed;
""")
_l(C, "rename_column_and_table", NOTES + """
alter table notes rename column body to content;
alter table notes rename to memos;
select title, content from memos;
""")
_l(C, "alter_column_type", """
create table readings (value_text text not null);
insert into readings (value_text) values ('1.5'), ('2');
alter table readings alter column value_text type numeric using value_text::numeric;
alter table readings rename column value_text to reading;
""")
_l(C, "enum_add_value", """
create type order_state as enum ('new', 'paid');
alter type order_state add value 'shipped' after 'paid';
alter type order_state add value if not exists 'refunded';
""")
_l(C, "enum_rename_value", """
create type order_state as enum ('new', 'payed');
alter type order_state rename value 'payed' to 'paid';
alter type order_state rename to order_status;
""")
_l(C, "composite_type_attributes", """
create type geo_point as (lat numeric, lng numeric);
alter type geo_point add attribute label text;
alter type geo_point rename attribute lng to lon;
""")
_l(C, "rename_function_and_sequence", """
create function shout(p text) returns text language sql immutable as $$ select upper(p) $$;
alter function shout(text) rename to yell;
create sequence batch_seq;
alter sequence batch_seq restart with 100 increment by 10;
alter sequence batch_seq rename to batch_no_seq;
select yell('hi'), nextval('batch_no_seq');
""")
_l(C, "function_attributes", """
create function add_tax(p numeric) returns numeric language sql as $$ select p * 1.2 $$;
alter function add_tax(numeric) immutable;
alter function add_tax(numeric) parallel safe;
alter function add_tax(numeric) set search_path = '';
""")
_l(C, "multiple_actions", PROJECTS + """
alter table todos
  add column estimate_hours numeric(6, 2),
  add column assignee_id uuid default auth.uid(),
  alter column priority set default 1,
  add constraint todos_estimate_positive check (estimate_hours is null or estimate_hours > 0);
""")
_l(C, "drop_table_cascade", PROJECTS + """
create view todo_titles with (security_invoker = true) as select title from todos;
drop table todos cascade;
drop table if exists not_a_table;
""")

# --------------------------------------------------------------------------------------
# maintenance: TRUNCATE, LOCK, ANALYZE on own tables
# --------------------------------------------------------------------------------------
C = "maintenance"
_l(C, "truncate", NOTES + "insert into notes (title) values ('x');\ntruncate table notes;")
_l(C, "truncate_restart_cascade", """
create table batches (label text not null, batch_no int generated always as identity);
create table batch_items (batch_id uuid not null references batches (id) on delete cascade, item text);
create index batch_items_batch_id_idx on batch_items (batch_id);
truncate batches, batch_items restart identity;
truncate batches restart identity cascade;
""")
_l(C, "lock_table", NOTES + "lock table notes in share row exclusive mode;\ninsert into notes (title) values ('locked');")
_l(C, "lock_multiple_nowait", PROJECTS + "lock table projects, todos in access exclusive mode nowait;")
_l(C, "analyze", PROJECTS_SEED + "analyze todos;\nanalyze projects (name);")
_l(C, "analyze_verbose_all_own", SHOP_SEED + "analyze verbose customers, products;")

# --------------------------------------------------------------------------------------
# set_local: lowering statement_timeout / lock_timeout for this call
# --------------------------------------------------------------------------------------
C = "set_local"
_l(C, "statement_timeout", "set local statement_timeout = '1s';\nselect 1;")
_l(C, "lock_timeout", NOTES + "set local lock_timeout = '100ms';\nlock table notes in exclusive mode;")
_l(C, "statement_timeout_ms_number", PROJECTS_SEED + "set local statement_timeout to 1500;\nselect count(*) from todos;")
_l(C, "both", NOTES + """
set local statement_timeout = '1s';
set local lock_timeout = '250ms';
insert into notes (title) values ('quick');
""")
_l(C, "set_local_then_ddl", """
set local lock_timeout = '200ms';
create table quick_facts (fact text not null);
alter table quick_facts add column source text;
""")

# --------------------------------------------------------------------------------------
# mentions: strings and comments that merely mention forbidden names
# --------------------------------------------------------------------------------------
C = "mentions"
_l(C, "string_values", NOTES + """
insert into notes (title, body) values ('reading list', 'see auth.users and information_schema.tables');
select title from notes where body like '%information_schema%';
""")
_l(C, "line_comment", """
-- pg_read_file('/etc/passwd') is not something we call
select 1 as ok; -- nor select * from globex.canary
""")
_l(C, "block_comment", NOTES + """
/* copy notes to program 'id'; set role postgres; select * from pg_catalog.pg_authid */
select count(*) from notes;
""")
_l(C, "comment_on_text", NOTES + "comment on table notes is 'copies pg_catalog ideas; never reads auth.users';")
_l(C, "select_literal", "select 'set role admin' as text_only, 'drop schema acme cascade' as also_text;")
_l(C, "dollar_quoted_string", NOTES + """
insert into notes (title, body) values ('snippet', $snippet$select * from pg_shadow; copy x from program 'id'$snippet$);
""")
_l(C, "escape_string", NOTES + """
insert into notes (title, body) values ('escaped', E'pg_authid\\tpg_sleep(10)\\nlisten x');
""")
_l(C, "json_value", NOTES + """
insert into notes (title, body)
values ('json', jsonb_build_object('query', 'select pg_sleep(10)', 'schema', 'information_schema')::text);
""")
_l(C, "function_body_string", """
create function warning_text() returns text language plpgsql immutable as $$
begin
  raise notice 'this function never reads globex.canary or auth.users';
  return 'grant all on everything to public is a bad idea';
end $$;
select warning_text();
""")
_l(C, "column_names_like_keywords", """
create table release_notes (version text not null, role text, setting_name text, schema_name text);
insert into release_notes (version, role, setting_name, schema_name) values ('1.0', 'editor', 'theme', 'information_schema');
select version, role from release_notes;
""")
_l(C, "alias_names", PROJECTS_SEED + """
select count(*) as pg_class, max(title) as "information_schema", min(title) as users from todos;
""")
_l(C, "regex_mentions", NOTES + r"""
insert into notes (title, body) values ('rx', 'COPY t FROM PROGRAM ''id''');
select title from notes where body ~* 'copy\s+\w+\s+from\s+program';
""")

# --------------------------------------------------------------------------------------
# quoting: quoted (valid snake_case) identifiers and acme-qualified names
# --------------------------------------------------------------------------------------
C = "quoting"
_l(C, "quoted_identifiers", """
create table "todo_items" ("title" text not null, "is_done" boolean not null default false);
insert into "todo_items" ("title") values ('quoted');
select "title", "is_done" from "todo_items";
""")
_l(C, "acme_qualified", """
create table acme.todo_items (title text not null);
insert into acme.todo_items (title) values ('qualified');
select acme.todo_items.title from acme.todo_items;
""")
_l(C, "quoted_schema_qualified", """
create table "acme"."todo_items" (title text not null);
insert into "acme".todo_items (title) values ('q');
update acme."todo_items" set title = 'r';
""")
_l(C, "upper_case_folding", """
CREATE TABLE TODO_ITEMS (TITLE TEXT NOT NULL);
INSERT INTO ACME.TODO_ITEMS (TITLE) VALUES ('upper');
SELECT Title FROM Todo_Items;
""")
_l(C, "qualified_function_and_type", """
create type acme.status_kind as enum ('on', 'off');
create function acme.flip(p acme.status_kind) returns acme.status_kind language sql immutable
as $$ select case when p = 'on' then 'off'::acme.status_kind else 'on'::acme.status_kind end $$;
select acme.flip('on');
""")
_l(C, "qualified_sequence_and_index", """
create sequence acme.ticket_no_seq;
create table acme.tickets (ticket_no bigint not null default nextval('acme.ticket_no_seq'), subject text);
create index tickets_subject_idx on acme.tickets (subject);
insert into acme.tickets (subject) values ('hi');
select nextval('acme.ticket_no_seq'), currval('ticket_no_seq');
""")

# --------------------------------------------------------------------------------------
# builtins: ordinary built-in functions (math, text, date/time, uuid, aggregates...)
# --------------------------------------------------------------------------------------
C = "builtins"
_l(C, "math", """
select round(12.345, 2), trunc(12.345, 1), ceil(1.2), floor(-1.2), abs(-3), power(2, 10), sqrt(16),
       mod(10, 3), div(10, 3), greatest(1, 5, 3), least(1, 5, 3), width_bucket(42, 0, 100, 10),
       log(100), ln(exp(1)), sign(-2), gcd(12, 18), lcm(4, 6), factorial(5), random() < 1;
""")
_l(C, "text", """
select format('%s has %s items', 'cart', 3), lpad('7', 3, '0'), rpad('a', 3, '-'), split_part('a,b,c', ',', 2),
       regexp_replace('a1b2', '[0-9]', '', 'g'), initcap('hello world'), concat_ws('-', 'a', 'b'),
       left('postgres', 4), right('postgres', 3), reverse('abc'), replace('aaa', 'a', 'b'),
       position('gre' in 'postgres'), substring('postgres' from 2 for 3), trim(both ' ' from '  x  '),
       upper('x'), lower('X'), length('abc'), starts_with('postgres', 'post'), translate('abc', 'ab', 'xy');
""")
_l(C, "hashing_and_encoding", """
select md5('abc'), encode(sha256(convert_to('abc', 'UTF8')), 'hex'), encode('hello'::bytea, 'base64'),
       convert_from(decode('aGVsbG8=', 'base64'), 'UTF8'), to_hex(255), quote_ident('My Table'),
       quote_literal('it''s'), quote_nullable(null::text);
""")
_l(C, "date_time", """
select date_trunc('month', timestamptz '2024-03-15 10:00+00'), extract(dow from date '2024-03-15'),
       age(timestamp '2024-03-15', timestamp '2000-01-01'), make_date(2024, 2, 29),
       make_interval(days => 3), to_char(date '2024-03-15', 'Dy DD Mon YYYY'), to_date('15.03.2024', 'DD.MM.YYYY'),
       date_bin('15 minutes', timestamp '2024-03-15 10:07', timestamp '2024-01-01'),
       justify_interval(interval '40 days 30 hours'), now() at time zone 'UTC', current_date + 7,
       date_part('year', now()), isfinite(date 'infinity'), make_timestamptz(2024, 1, 1, 0, 0, 0, 'UTC');
""")
_l(C, "date_series", """
select d::date as day, to_char(d, 'Day') as weekday
from generate_series(timestamp '2024-01-01', timestamp '2024-01-07', interval '1 day') as d;
""")
_l(C, "uuid_and_casts", """
select gen_random_uuid() is not null, '42'::int + 1, cast('3.50' as numeric(10, 2)), '2024-01-01'::date,
       'true'::boolean, 12::text, int4('5'), float8('1.5'), pg_catalog.numeric('2.25'), to_number('1,234.5', '9G999D9'),
       '{"a": 1}'::jsonb, '192.168.0.1/24'::inet, masklen('192.168.0.1/24'::inet), host('10.0.0.1'::inet);
""")
_l(C, "aggregates", PROJECTS_SEED + """
select count(*), count(*) filter (where done), sum(priority), avg(priority), min(due_on), max(due_on),
       string_agg(title, ', ' order by title), bool_and(priority >= 0), bool_or(done), every(priority < 10),
       stddev(priority), variance(priority), percentile_cont(0.5) within group (order by priority),
       percentile_disc(0.9) within group (order by priority), mode() within group (order by priority)
from todos;
""")
_l(C, "statistics_and_null_helpers", """
select corr(x, y), covar_samp(x, y), regr_slope(y, x), regr_intercept(y, x), var_pop(x), stddev_pop(y),
       num_nulls(null, 1, null), num_nonnulls(null, 1), pg_typeof(1.5), pg_column_size('abc'::text)
from (values (1.0, 2.0), (2.0, 4.1), (3.0, 6.2)) as v(x, y);
""")
_l(C, "json_builders", """
select json_build_object('a', 1, 'b', array[1, 2]), to_json('text'::text), row_to_json(row(1, 'x')),
       json_agg(v), array_to_json(array[1, 2]), jsonb_build_array(1, 'two', null)
from (values (1), (2)) as t(v);
""")
_l(C, "geometry_and_network", """
select area(box '((0,0),(2,3))'), center(circle '((1,1),2)'), point(1, 2) <-> point(4, 6),
       network('192.168.1.5/24'::inet), broadcast('192.168.1.5/24'::inet), family('::1'::inet),
       abbrev('10.1.0.0/16'::cidr), set_masklen('10.0.0.1/8'::inet, 16);
""")
_l(C, "conditional_expressions", PROJECTS_SEED + """
select title,
       case when priority >= 4 then 'high' when priority >= 2 then 'medium' else 'low' end as level,
       coalesce(due_on, current_date) as due, nullif(priority, 0) as nonzero_priority
from todos;
""")

# --------------------------------------------------------------------------------------
# sequences: own sequences and serial columns
# --------------------------------------------------------------------------------------
C = "sequences"
_l(C, "create_and_use", """
create sequence ticket_no_seq start 100;
select nextval('ticket_no_seq'), currval('ticket_no_seq'), setval('ticket_no_seq', 500), lastval();
""")
_l(C, "default_nextval", """
create sequence invoice_no_seq;
create table invoices (invoice_no bigint not null default nextval('invoice_no_seq') unique, total numeric);
insert into invoices (total) values (10), (20);
""")
_l(C, "serial_column", """
create table queue_entries (position bigserial, payload text);
insert into queue_entries (payload) values ('a'), ('b');
select position, payload from queue_entries order by position;
""")
_l(C, "sequence_options_and_owned_by", NOTES + """
create sequence note_no_seq as int increment by 5 minvalue 1 maxvalue 100000 cycle;
alter table notes add column note_no int;
alter sequence note_no_seq owned by notes.note_no;
alter table notes alter column note_no set default nextval('note_no_seq');
""")
_l(C, "grant_and_drop", """
create sequence order_ref_seq;
grant usage on sequence order_ref_seq to authenticated;
drop sequence order_ref_seq;
""")

# --------------------------------------------------------------------------------------
# queries: joins, grouping, set operations and other plain SELECTs
# --------------------------------------------------------------------------------------
C = "queries"
_l(C, "group_by_having", SHOP_SEED + """
select o.status, count(*) as orders from orders o group by o.status having count(*) >= 1 order by orders desc;
""")
_l(C, "distinct_on", PROJECTS_SEED + """
select distinct on (project_id) project_id, title, priority from todos order by project_id, priority desc;
""")
_l(C, "lateral_top_n", PROJECTS_SEED + """
select p.name, t.title from projects p
cross join lateral (select title from todos where project_id = p.id order by priority desc limit 2) t;
""")
_l(C, "set_operations", PROJECTS_SEED + """
select title from todos where priority > 3
union
select title from todos where done
except
select title from todos where due_on is null
intersect
select title from todos;
""")
_l(C, "values_and_joins", SHOP_SEED + """
select v.sku, p.name, v.wanted
from (values ('pen-1', 3), ('mug-1', 1), ('none-1', 2)) as v(sku, wanted)
left join products p using (sku)
order by v.sku;
""")
_l(C, "grouping_sets_rollup", SHOP_SEED + """
select c.country_code, o.status, count(*)
from orders o join customers c on c.id = o.customer_id
group by rollup (c.country_code, o.status);
select status, count(*) from orders group by grouping sets ((status), ());
""")
_l(C, "pagination", PROJECTS_SEED + """
select title from todos order by due_on nulls last, title limit 3 offset 2;
select title from todos order by title fetch first 2 rows only;
""")
_l(C, "table_statement_and_exists", NOTES + """
insert into notes (title) values ('t');
table notes;
select exists (select 1 from notes where title = 't') as present;
""")
_l(C, "any_array_param", PROJECTS_SEED + """
select title from todos where project_id = any (array(select id from projects where name in ('alpha', 'beta')));
""")
