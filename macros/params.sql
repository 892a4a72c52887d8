{#-
  Query-time parameters. The closed set is declared once, in dbt_project.yml (vars: arlake_query_parameters:
  name -> type and default); the Python layer reads the same declaration, and a name outside it is an error
  everywhere. A query_view model (macros/materializations/query_view.sql) lists the parameters it reads in its
  YAML meta `query_parameters` and reads each with arlake_param (or the named macros below):
    - on DuckDB, in the model's table macro, the argument `p_<name>`, a null taking the default;
    - in unit tests and on other engines, the dbt var of the same name, else the default.
  Nothing ages against "today" unless no as-of date is given anywhere.
-#}

{#- The declaration of parameter `name` ({type, default}); an undeclared name stops the build. -#}
{% macro arlake_query_parameter(name) -%}
  {%- set declared = var('arlake_query_parameters') -%}
  {%- if name not in declared -%}
    {{ exceptions.raise_compiler_error("unknown query-time parameter '" ~ name ~ "'; the declared ones are: "
        ~ (declared.keys() | list | join(', ')) ~ " (dbt_project.yml, arlake_query_parameters)") }}
  {%- endif -%}
  {{ return(declared[name]) }}
{%- endmacro %}

{#- The parameters a query_view model reads (its meta `query_parameters`), in declaration order. -#}
{% macro arlake_model_query_parameters(node) -%}
  {%- set listed = (node.config.meta or {}).get('query_parameters') or node.meta.get('query_parameters') or [] -%}
  {%- set ordered = [] -%}
  {%- for name in listed -%}{%- do arlake_query_parameter(name) -%}{%- endfor -%}
  {%- for name in var('arlake_query_parameters').keys() if name in listed -%}{%- do ordered.append(name) -%}{%- endfor -%}
  {{ return(ordered) }}
{%- endmacro %}

{#- The default of parameter `name` as SQL (`today`: the UTC date). -#}
{% macro arlake_parameter_default(name) -%}
  {%- set declared = arlake_query_parameter(name) -%}
  {%- set value = declared.get('default') -%}
  {%- if value is none -%}{{ return('null') }}
  {%- elif value == 'today' -%}{{ return(arlake_utc_today()) }}
  {%- elif declared.type == 'integer' -%}{{ return(value | string) }}
  {%- else -%}{{ return("'" ~ value ~ "'") }}{%- endif -%}
{%- endmacro %}

{#- The dbt var overriding parameter `name` at build time (unit tests, other engines) as SQL, else its default. -#}
{% macro arlake_parameter_fixed(name) -%}
  {%- set declared = arlake_query_parameter(name) -%}
  {%- set value = var(name, none) -%}
  {%- if value is none -%}
    {{ return('cast(' ~ arlake_parameter_default(name) ~ ' as ' ~ declared.type ~ ')') }}
  {%- endif -%}
  {{ return("cast('" ~ value ~ "' as " ~ declared.type ~ ")") }}
{%- endmacro %}

{#- Whether the model being compiled is the body of a query_view's table macro (not a unit test, not another
    engine). -#}
{% macro arlake_in_query_view() -%}
  {{ return(adapter.dispatch('arlake_in_query_view', 'arlake')()) }}
{%- endmacro %}

{% macro default__arlake_in_query_view() -%}
  {{ return(false) }}
{%- endmacro %}

{% macro duckdb__arlake_in_query_view() -%}
  {{ return(model is defined and model.resource_type == 'model' and model.config.materialized == 'query_view') }}
{%- endmacro %}

{#- The value of query-time parameter `name` inside a query_view model. -#}
{% macro arlake_param(name) -%}
  {%- set declared = arlake_query_parameter(name) -%}
  {%- if arlake_in_query_view() -%}
    {%- if name not in arlake_model_query_parameters(model) -%}
      {{ exceptions.raise_compiler_error("model " ~ model.name ~ " reads the query-time parameter '" ~ name
          ~ "' but its meta query_parameters does not list it") }}
    {%- endif -%}
    coalesce(cast(p_{{ name }} as {{ declared.type }}), cast({{ arlake_parameter_default(name) }} as {{ declared.type }}))
  {%- else -%}
    {{ arlake_parameter_fixed(name) }}
  {%- endif -%}
{%- endmacro %}

{#- The macro parameter of `name` in a query_view's table macro. -#}
{% macro arlake_query_argument(name) -%}
  p_{{ arlake_query_parameter(name) and name }}
{%- endmacro %}

{#- What a query_view's view passes for parameter `name`: the reading session's variable, else the dbt var. -#}
{% macro arlake_session_value(name) -%}
  {%- set declared = arlake_query_parameter(name) -%}
  {%- set value = var(name, none) -%}
  coalesce(cast(getvariable('{{ name }}') as {{ declared.type }}){% if value is not none %}, cast('{{ value }}' as {{ declared.type }}){% endif %})
{%- endmacro %}

{#- The table macro of a query_view relation: `<identifier>_at` in the same schema. -#}
{% macro arlake_query_function_name(relation) -%}
  {{ return(adapter.quote(relation.database) ~ '.' ~ adapter.quote(relation.schema) ~ '.' ~ adapter.quote(relation.identifier ~ '_at')) }}
{%- endmacro %}

{#- A reference to another query_view model: inside a query_view's table macro, a call of that model's table
    macro with the same parameters (so the whole chain reads the arguments, not session variables); elsewhere
    ref(). -#}
{% macro query_ref(model_name) -%}
  {%- set relation = ref(model_name) -%}
  {%- if execute and arlake_in_query_view() -%}
    {%- set nodes = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
        | selectattr('name', 'equalto', model_name) | list -%}
    {%- set parameters = arlake_model_query_parameters(nodes[0]) -%}
    {%- set own = arlake_model_query_parameters(model) -%}
    {%- for name in parameters if name not in own -%}
      {{ exceptions.raise_compiler_error("model " ~ model.name ~ " reads " ~ model_name ~ ", which takes the query-time parameter '"
          ~ name ~ "': list it in " ~ model.name ~ "'s meta query_parameters") }}
    {%- endfor -%}
    {{ arlake_query_function_name(relation) }}({% for name in parameters %}p_{{ name }}{{ ', ' if not loop.last }}{% endfor %})
  {%- else -%}
    {{ relation }}
  {%- endif -%}
{%- endmacro %}

{#- Today as a UTC date, whatever the session's time zone. -#}
{% macro arlake_utc_today() -%}
  {{ return(adapter.dispatch('arlake_utc_today', 'arlake')()) }}
{%- endmacro %}

{% macro default__arlake_utc_today() -%}{{ return('current_date') }}{%- endmacro %}

{% macro duckdb__arlake_utc_today() -%}{{ return("cast(timezone('UTC', now()) as date)") }}{%- endmacro %}

{#- The as-of date D: end of day D, inclusive. -#}
{% macro as_of_date() -%}
  {{ arlake_param('as_of_date') }}
{%- endmacro %}

{#- Aging bucket width N, number of buckets P and basis (due_date or issue_date). -#}
{% macro aging_width() -%}
  {{ arlake_param('aging_width') }}
{%- endmacro %}

{% macro aging_periods() -%}
  {{ arlake_param('aging_periods') }}
{%- endmacro %}

{% macro aging_basis() -%}
  {{ arlake_param('aging_basis') }}
{%- endmacro %}

{#- The first day of the collections periods (F); null means each organization's first issued invoice date. -#}
{% macro collections_from_date() -%}
  {{ arlake_param('from_date') }}
{%- endmacro %}

{#- Whether the as-of date `as_of` is on or after int_invoice_list_base.final_on (the date from which every
    invoice's listing is final), with final_on read from the warehouse when a model using it is built, so that the
    condition is a constant the engine folds away at query time. `false` when there is no warehouse to read
    (parsing, compiling for lint, unit tests): the model then reads the general path. -#}
{% macro arlake_invoice_list_is_final(as_of) -%}
  {%- if execute and model.resource_type == 'model' -%}
  {%- set base = load_relation(ref('int_invoice_list_base')) -%}
  {%- if base is not none -%}
    {%- set value = run_query('select max(final_on) from ' ~ base).columns[0].values()[0] -%}
    {%- if value is not none -%}
      {{ return(as_of ~ " >= date '" ~ value ~ "'") }}
    {%- endif -%}
  {%- endif -%}
  {%- endif -%}
  {{ return('false') }}
{%- endmacro %}

{#- The last day of the stored collections grid for `interval` (int_collection_periods), as a SQL date literal
    read from the warehouse when a model using it is built, so that query-time filters comparing dates with it are
    constants; where there is no warehouse to read (unit tests, lint), the same value as a subquery. -#}
{% macro arlake_stored_grid_end(interval) -%}
  {%- set periods = ref('int_collection_periods') -%}
  {%- set query = "select max(period_end) from " ~ periods ~ " where period_interval = '" ~ interval ~ "'" -%}
  {%- set subquery = '(' ~ query ~ ')' -%}
  {%- if execute and model.resource_type == 'model' and load_relation(periods) is not none -%}
    {%- set value = run_query(query).columns[0].values()[0] -%}
    {%- if value is not none -%}
      {{ return("date '" ~ value ~ "'") }}
    {%- endif -%}
  {%- endif -%}
  {{ return(subquery) }}
{%- endmacro %}

{#- The first issued invoice of any organization (int_collection_bounds), as a SQL date literal read when a model
    using it is built (a constant at query time), else as a subquery (unit tests, lint). -#}
{% macro arlake_first_issued_on() -%}
  {%- set bounds = ref('int_collection_bounds') -%}
  {%- set query = "select min(first_issued_on) from " ~ bounds -%}
  {%- if execute and model.resource_type == 'model' and load_relation(bounds) is not none -%}
    {%- set value = run_query(query).columns[0].values()[0] -%}
    {%- if value is not none -%}
      {{ return("date '" ~ value ~ "'") }}
    {%- endif -%}
  {%- endif -%}
  {{ return('(' ~ query ~ ')') }}
{%- endmacro %}

{#- The declared parameters as a table of the warehouse (main.arlake_query_parameters: name, sql_type, in
    declaration order), created by every DuckDB build (on-run-start), so that the Python layer reads the set the
    warehouse it opens was built with. -#}
{% macro arlake_record_query_parameters() -%}
  {{ return(adapter.dispatch('arlake_record_query_parameters', 'arlake')()) }}
{%- endmacro %}

{% macro default__arlake_record_query_parameters() -%}
  select 1
{%- endmacro %}

{% macro duckdb__arlake_record_query_parameters() -%}
create or replace table main.arlake_query_parameters as
select * from (values
  {%- for name, spec in var('arlake_query_parameters').items() %}
    ({{ loop.index }}, '{{ name }}', '{{ spec.type }}'){{ ',' if not loop.last }}
  {%- endfor %}
) as declared (position, name, sql_type)
{%- endmacro %}
