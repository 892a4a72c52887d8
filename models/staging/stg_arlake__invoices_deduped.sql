-- The staged invoices before their key: one per id (the latest version), receivable and payable, drafts included.
-- stg_arlake__invoices numbers them; a table of the build's own file (dbt_project.yml).
with

deduped as (
    {{ arlake_dedupe(ref('base_arlake__invoices'), 'invoice_id', table_name='invoices') }}
)

select * from deduped
