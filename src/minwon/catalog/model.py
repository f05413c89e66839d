"""The loaded catalog: services, bundles and sources, looked up by id."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from minwon.catalog.agencies import AgencyEntry
from minwon.catalog.errors import UnknownEntryError
from minwon.catalog.helplines import DangerKind, Helpline
from minwon.catalog.referrals import Referral
from minwon.catalog.schema import Bundle, Service, SourceEntry

__all__ = ["Catalog"]


@dataclass(frozen=True, slots=True)
class Catalog:
    """An immutable, validated catalog. ``fingerprint`` changes whenever any file changes.

    ``referrals`` are known services outside the filing catalog (``referrals.yaml``): minwon
    does not file them and says where to go instead.
    """

    services: Mapping[str, Service]
    bundles: Mapping[str, Bundle]
    sources: Mapping[str, SourceEntry]
    fingerprint: str
    referrals: Mapping[str, Referral] = field(default_factory=dict)
    # Where each agency's deliveries go (catalog/agencies.yaml), by agency code.
    agencies: Mapping[str, AgencyEntry] = field(default_factory=dict)
    # Numbers to call when a life is at risk (catalog/helplines.yaml), in the order shown.
    helplines: tuple[Helpline, ...] = ()

    def helplines_for(self, danger: DangerKind) -> list[Helpline]:
        """The lines given for this danger (``"suicide"``, ``"violence"``, ``"emergency"``)."""
        return [line for line in self.helplines if danger in line.for_]

    def service(self, service_id: str) -> Service:
        """The service with this id; raises :class:`UnknownEntryError`."""
        try:
            return self.services[service_id]
        except KeyError:
            raise UnknownEntryError("service", service_id) from None

    def bundle(self, bundle_id: str) -> Bundle:
        """The bundle with this id; raises :class:`UnknownEntryError`."""
        try:
            return self.bundles[bundle_id]
        except KeyError:
            raise UnknownEntryError("bundle", bundle_id) from None

    def referral(self, referral_id: str) -> Referral:
        """The referral with this id; raises :class:`UnknownEntryError`."""
        try:
            return self.referrals[referral_id]
        except KeyError:
            raise UnknownEntryError("referral", referral_id) from None

    def bundles_with(self, service_id: str) -> list[Bundle]:
        """The bundles that have this service as a member."""
        return [b for b in self.bundles.values() if any(m.service == service_id for m in b.members)]
