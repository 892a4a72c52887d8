with

deduped as (
    {{ arlake_dedupe(ref('base_arlake__payments'), 'payment_id') }}
)

-- Ordered by id: the invoice list reads the payments of a page's invoices by id, which then skips most of the table.
select * from deduped
order by payment_id
