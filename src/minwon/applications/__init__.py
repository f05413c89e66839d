"""Applications: filing, status history, receipts, and the officer's back office.

Use cases (:class:`~minwon.applications.service.Applications`,
:class:`~minwon.applications.service.BackOffice`) open their own unit of work; the steps they
are built from run in the caller's and write their audit event and outbox row in it.
"""
