"""Delivery to the agencies: the outbox relay, signing, retries, circuits, signed callbacks.

Every application ends in an outbox row written in the filing's own transaction. The relay
(:class:`~minwon.dispatch.relay.Relay`; ``minwon worker``, or inside ``minwon serve`` on
SQLite) delivers each row over HTTP, signed per the Standard Webhooks specification, at least
once; the agency deduplicates on ``webhook-id``, so each application takes effect exactly once.
Agencies call back at ``POST /v1/agencies/{code}/events`` (:mod:`~minwon.dispatch.callbacks`).
"""

from minwon.dispatch.callbacks import AgencyEventError, InvalidSignatureError, receive_agency_event
from minwon.dispatch.endpoints import AgencyDirectory, AgencyKeyError, ResolvedEndpoint
from minwon.dispatch.relay import Relay, RelayConfig

__all__ = [
    "AgencyDirectory",
    "AgencyEventError",
    "AgencyKeyError",
    "InvalidSignatureError",
    "Relay",
    "RelayConfig",
    "ResolvedEndpoint",
    "receive_agency_event",
]
