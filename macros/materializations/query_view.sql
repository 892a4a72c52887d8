{#-
  query_view: a model whose result depends on query-time parameters (its YAML meta `query_parameters`, a subset
  of the declared set in dbt_project.yml's `arlake_query_parameters`).

  On DuckDB it creates two objects from the model's SQL:
    <name>_at(p_<parameter>, ...)   a table macro taking the parameters as arguments, for BI tools and tests
                                     (`select * from reports.ar_aging_at(date '2026-06-30', 30, 4, 'due_date')`);
    <name>                          a view reading the macro with each parameter taken from the reading
                                     session's variable (SET VARIABLE), so that a report sets the variables on its
                                     cursor and reads the view.
  Inside the model, parameters are read with the macros of macros/params.sql (as_of_date(), ...) and other
  query_view models with query_ref(); a null argument takes the parameter's default (as_of_date: today, UTC).
  An enforced contract is checked against the created view.
  Elsewhere (Spark) it is a plain view with the parameters fixed by dbt vars at build time.
-#}
{% materialization query_view, adapter='duckdb' %}
  {%- set target_relation = this.incorporate(type='view') -%}
  {%- set parameters = arlake_model_query_parameters(model) -%}
  {%- set function = arlake_query_function_name(this) -%}

  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  {{ run_hooks(pre_hooks, inside_transaction=True) }}

  {% call statement('main') -%}
    create or replace macro {{ function }}(
        {%- for name in parameters %}
        {{ arlake_query_argument(name) }}{{ ',' if not loop.last }}
        {%- endfor %}
    ) as table (
        {{ sql }}
    );
    create or replace view {{ target_relation }} as
    select * from {{ function }}(
        {%- for name in parameters %}
        {{ arlake_session_value(name) }}{{ ',' if not loop.last }}
        {%- endfor %}
    );
  {%- endcall %}

  {%- if config.get('contract').enforced -%}
    {%- do assert_columns_equivalent('select * from ' ~ target_relation) -%}
  {%- endif -%}

  {{ run_hooks(post_hooks, inside_transaction=True) }}
  {% do persist_docs(target_relation, model) %}
  {{ adapter.commit() }}
  {{ run_hooks(post_hooks, inside_transaction=False) }}

  {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}

{% materialization query_view, default %}
  {%- set target_relation = this.incorporate(type='view') -%}
  {{ run_hooks(pre_hooks) }}
  {% call statement('main') -%}
    {{ get_create_view_as_sql(target_relation, sql) }}
  {%- endcall %}
  {{ run_hooks(post_hooks) }}
  {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}
