"""The loaded catalog: services, bundles and sources, looked up by id."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from minwon.catalog.errors import UnknownEntryError
from minwon.catalog.schema import Bundle, Service, SourceEntry

__all__ = ["Catalog"]


@dataclass(frozen=True, slots=True)
class Catalog:
    """An immutable, validated catalog. ``fingerprint`` changes whenever any file changes."""

    services: Mapping[str, Service]
    bundles: Mapping[str, Bundle]
    sources: Mapping[str, SourceEntry]
    fingerprint: str

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

    def bundles_with(self, service_id: str) -> list[Bundle]:
        """The bundles that have this service as a member."""
        return [b for b in self.bundles.values() if any(m.service == service_id for m in b.members)]
