{#- The data-quality checks: (name, table, excluded from reports, what it means). int_data_quality_issues
    produces their rows; data_quality_summary lists each with its count. -#}
{% macro arlake_data_quality_checks() -%}
  {%- set checks = [] -%}
  {%- for t in ['organizations', 'customers', 'invoices', 'payments', 'payment_allocations', 'adjustments', 'outreach'] -%}
    {%- do checks.append(('null_id', t, 'true', 'A row with a null id; left out.')) -%}
  {%- endfor -%}
  {%- for t, columns in arlake_required_values().items() -%}
    {%- do checks.append(('null_required_value', t, 'true',
        'A row with a null ' ~ (columns | join(', ') ) ~ ' (required); left out.')) -%}
  {%- endfor -%}
  {%- do checks.extend([
      ('invoice_unknown_customer', 'invoices', 'true', 'Invoice of a customer not in customers, or of a customer without an organization; left out.'),
      ('invoice_unknown_type', 'invoices', 'true', 'Invoice type neither receivable nor payable; left out.'),
      ('invoice_negative_total', 'invoices', 'false', 'Receivable invoice with a negative total; never open.'),
      ('invoice_currency_mismatch', 'invoices', 'false', 'Invoice currency differs from the base currency; summed as given.'),
      ('invoice_customer_other_organization', 'invoices', 'true', 'Invoice organization differs from its customer''s; left out.'),
      ('invoice_overpaid', 'invoices', 'false', 'Final outstanding below zero; counts as 0 in balances.'),
      ('allocation_exceeds_invoice', 'payment_allocations', 'false', 'Allocations to an invoice exceed its total.'),
      ('payment_unknown_customer', 'payments', 'false', 'Payment of a customer not in customers.'),
      ('payment_over_allocated', 'payments', 'false', 'Allocations of a payment exceed its amount.'),
      ('allocation_unknown_payment', 'payment_allocations', 'true', 'Allocation of a payment not in payments; left out.'),
      ('allocation_unknown_invoice', 'payment_allocations', 'true', 'Allocation to an invoice not in invoices; left out.'),
      ('allocation_to_non_receivable_invoice', 'payment_allocations', 'true', 'Allocation to a draft, payable or left-out invoice; left out.'),
      ('allocation_of_left_out_payment', 'payment_allocations', 'true', 'Allocation of a payment left out for a missing required value; left out.'),
      ('allocation_customer_mismatch', 'payment_allocations', 'false', 'Payment of one customer applied to another''s invoice.'),
      ('adjustment_unknown_kind', 'adjustments', 'true', 'Adjustment kind neither credit_note nor write_off; left out.'),
      ('adjustment_unknown_invoice', 'adjustments', 'true', 'Adjustment of an invoice not in invoices; left out.'),
      ('adjustment_to_non_receivable_invoice', 'adjustments', 'true', 'Adjustment of a draft, payable or left-out invoice; left out.'),
      ('outreach_unknown_customer', 'outreach', 'false', 'Outreach to a customer not in customers.'),
      ('outreach_link_unknown_outreach', 'outreach_invoices', 'true', 'Link to an outreach not in outreach; left out.'),
      ('outreach_link_unknown_invoice', 'outreach_invoices', 'true', 'Link to an invoice not in invoices; left out.'),
  ]) -%}
  {#- The raw layer: files, folders and columns that are not read (also printed by arlake build), money rounded
      to cents, and words outside the documented lists (kept as given). -#}
  {%- set raw_tables = ['organizations', 'customers', 'invoices', 'payments', 'payment_allocations', 'adjustments', 'outreach', 'outreach_invoices'] -%}
  {%- do checks.append(('unknown_table_folder', 'raw', 'true', 'A folder of raw/ that is no table (such as raw/invoice/); its files are not read.')) -%}
  {%- do checks.append(('unread_file', 'raw', 'true', 'A file directly in raw/, outside every table folder; not read.')) -%}
  {%- for t in raw_tables -%}
    {%- do checks.append(('unread_file', t, 'true', "A file of the table's folder that is not *.parquet directly in it (x.PARQUET, notes.csv, a subfolder's file); not read.")) -%}
    {%- do checks.append(('unknown_column', t, 'false', 'A column of a file that the table does not have (names match case-insensitively); not read.')) -%}
  {%- endfor -%}
  {%- for t in ['invoices', 'payments', 'payment_allocations', 'adjustments'] -%}
    {%- do checks.append(('money_rounded', t, 'false', "Money with more than two decimals, rounded half-up to cents; the detail gives the difference and the table's total difference.")) -%}
  {%- endfor -%}
  {%- for (table, column), words in arlake_known_words().items() -%}
    {%- set prefix = {'invoices': 'invoice', 'payments': 'payment', 'outreach': 'outreach'}[table] -%}
    {%- do checks.append((prefix ~ '_unknown_' ~ column, table, 'false', 'A ' ~ column ~ ' other than ' ~ words | join(', ') ~ '; kept as given.')) -%}
  {%- endfor -%}
  {{ return(checks) }}
{%- endmacro %}

{#- The required values whose null leaves a row out of every report (docs/metrics.md, Data quality), per raw
    table: a row without them cannot be placed in time, in an organization or in money. (A null id, or a null
    reference to another row, is counted by the null_id and unknown-reference checks.) -#}
{% macro arlake_required_values() -%}
  {{ return({
      'customers': ['organization_id'],
      'invoices': ['organization_id', 'total_amount', 'issued_at'],
      'payments': ['organization_id', 'customer_id', 'amount', 'received_at'],
      'payment_allocations': ['amount'],
      'adjustments': ['amount', 'applied_at'],
      'outreach': ['occurred_at'],
  }) }}
{%- endmacro %}

{#- `true` when every required value of `table` is present on the row aliased `alias` (a where-clause term). -#}
{% macro arlake_required_present(table, alias) -%}
  {%- for column in arlake_required_values()[table] -%}
    {{ alias }}.{{ column }} is not null{{ ' and ' if not loop.last }}
  {%- endfor -%}
{%- endmacro %}

{#- The words docs/metrics.md (Data quality) lists for status-like columns (and, for outreach status, the
    delivery words the sample data uses). Any other value is kept as given, so `DRAFT` is not a draft, and
    counted by <table>_unknown_<column>. A null is no word: the column's default, or for outreach status a
    touch. -#}
{% macro arlake_known_words() -%}
  {{ return({
      ('invoices', 'status'): ['draft', 'open', 'uncollectible', 'paid', 'void', 'processing', 'overdue'],
      ('payments', 'status'): ['succeeded', 'failed', 'canceled'],
      ('outreach', 'status'): ['draft', 'failed', 'bounced', 'canceled', 'sent', 'delivered', 'opened', 'completed', 'no_answer'],
      ('outreach', 'direction'): ['outbound', 'inbound'],
      ('outreach', 'channel'): ['email', 'call', 'sms', 'letter'],
  }) }}
{%- endmacro %}
