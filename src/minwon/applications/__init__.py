"""Applications: filing, status history, receipts, and the officer's back office.

Use cases run inside the caller's unit of work and write their audit event and outbox row in
the same transaction.
"""
