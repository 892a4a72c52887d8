{#-
  The ledger's money events of some invoices (int_invoice_ledger): issue (+total), allocation (-amount; a reversal
  is negative, so it adds back) and credit_note / write_off (-amount), one row each, with the invoice's id and key.
  `invoices` is every invoice the ledger knows or a subset of it (a CTE with its columns); with a subset,
  `subset=true` keeps only the adjustments of those invoices (every adjustment belongs to one the ledger knows).
  The ledger reads the events of all its invoices, and those of the invoices marked uncollectible again for the
  write-off, so that a reader of the write-offs alone (the invoice list's final state) reads no other invoice's
  allocations.
-#}
{% macro arlake_money_events(invoices, allocations, adjustments, subset=false) %}
    select
        invoice_id,
        invoice_key,
        'issue' as event_type,
        invoice_id as source_id,
        issued_at as event_at,
        issued_on as event_on,
        total_amount as amount
    from {{ invoices }}

    union all

    select
        invoices.invoice_id,
        invoices.invoice_key,
        'allocation' as event_type,
        allocations.allocation_id as source_id,
        allocations.applied_at as event_at,
        allocations.applied_on as event_on,
        -allocations.amount as amount
    from {{ allocations }} as allocations
    inner join {{ invoices }} as invoices on allocations.invoice_key = invoices.invoice_key

    union all

    select
        adjustments.invoice_id,
        adjustments.invoice_key,
        adjustments.kind as event_type,
        adjustments.adjustment_id as source_id,
        adjustments.applied_at as event_at,
        adjustments.applied_on as event_on,
        -adjustments.amount as amount
    from {{ adjustments }} as adjustments
    {%- if subset %}
    where adjustments.invoice_key in (select invoices.invoice_key from {{ invoices }} as invoices)
    {%- endif %}
{% endmacro %}
