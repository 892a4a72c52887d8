{{ config(materialized='table', meta={'lookup_index': 'invoice_key'}) }}
-- The allocations that move money (int_payment_allocations_unordered says what each column is), ordered by
-- organization, customer and invoice: an invoice's allocations lie together, and one customer's payments, names and
-- references compress together (with the text id, 618 MiB instead of 692 ordered by invoice alone at 10M
-- invoices). The invoice list's payments (invoice_list_payments) read this table alone, and on DuckDB it is indexed
-- on invoice_key, so a page's allocations are looked up, not scanned for, and need no join. The sort is a query of
-- its own (as for int_collection_points): inside the allocations' query it did not fit a 4 GB memory limit at 30M
-- invoices. Organization and customer are sorted as the customer's customer_key (int_customers), one integer.
select allocations.*
from {{ ref('int_payment_allocations_unordered') }} as allocations
left join {{ ref('int_customers') }} as customers on allocations.customer_id = customers.customer_id
order by customers.customer_key, allocations.invoice_key
