-- The staged payments, one per id (the latest version). In no order: only the build reads them (int_payments, the
-- data-quality checks), each by a hash join on the id; the reports read the allocations, which carry what they
-- show of a payment. A sort here, in the query beside the dedupe's groupings, ran out of a 4 GB memory limit at 30M
-- invoices.
with

deduped as (
    {{ arlake_dedupe(ref('base_arlake__payments'), 'payment_id') }}
)

select * from deduped
