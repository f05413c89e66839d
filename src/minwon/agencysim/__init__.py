"""An agency simulator for development, tests and drills (``minwon agency-sim``).

It plays every agency of the catalog: verifies each delivery's Standard Webhooks signature,
deduplicates by ``webhook-id`` and counts the duplicates it received, can be down, slow or
failing on purpose, and can call back with status changes. Not for production.
"""

from minwon.agencysim.app import SimConfig, SimState, create_sim_app

__all__ = ["SimConfig", "SimState", "create_sim_app"]
