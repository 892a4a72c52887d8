{#- A model's custom schema is used as it is (marts: `reports`), not appended to the target's schema, so that
    consumer-facing objects sit in a schema of their own and the staging and intermediate layers in the target's. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
  {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
