{{ config(materialized='query_view') }}
-- The inputs of the DSO family per organization and calendar month (the sums of int_dso_months over the
-- organization's customers, summed before the zero-fill), in integer cents, at the query-time as-of date A:
-- every month from the organization's first stored month to the one holding A, whatever the first month a report
-- shows (a month's countback DSO walks back through all the history before it). Per month: AR at start (s - 1) and
-- end (e'), current AR at end (not yet due: due_on >= e'), credit sales (invoices issued in the month that exist
-- at e'), from the monthly collections measures (int_collections_as_of); cent-days late and cents paid from the
-- positive allocations applied in [s, e'] (int_allocation_lateness_monthly, and for the month holding A the
-- allocations up to A only). A month in which a customer has no collections row had zero AR at both ends and no
-- sales; it is filled with zeros, since countback walks through it.
{{ arlake_dso_inputs('organization') }}
