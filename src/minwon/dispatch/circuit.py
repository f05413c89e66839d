"""A circuit per agency: stop calling an agency that keeps failing, probe it now and then.

Closed: deliveries flow; ``threshold`` failures in a row open it. Open: nothing is sent to the
agency for ``cooldown`` seconds (its messages wait, their retries not spent). Half-open: one
delivery is let through as a probe; success closes the circuit, failure opens it again. Only
failures that say the agency is unwell count (timeouts, refused connections, 5xx, 429); a 4xx
rejection is an answer. Parameters: docs/adr/0003-circuit-per-agency.md.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

__all__ = ["Circuit", "CircuitBoard", "CircuitState"]

CircuitState = Literal["closed", "open", "half_open"]


@dataclass
class Circuit:
    """One agency's circuit."""

    state: CircuitState = "closed"
    failures: int = 0
    opened_at: float = 0.0
    probing: bool = False


class CircuitBoard:
    """The circuits of every agency one relay talks to (thread-safe)."""

    def __init__(
        self, threshold: int, cooldown: float, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self.threshold = threshold
        self.cooldown = cooldown
        self._now = monotonic
        self._circuits: dict[str, Circuit] = {}
        self._lock = threading.Lock()

    def state(self, code: str) -> CircuitState:
        """The agency's state now (an open circuit past its cool-down is half-open)."""
        with self._lock:
            return self._refresh(self._circuits.setdefault(code, Circuit())).state

    def _refresh(self, circuit: Circuit) -> Circuit:
        if circuit.state == "open" and self._now() - circuit.opened_at >= self.cooldown:
            circuit.state = "half_open"
            circuit.probing = False
        return circuit

    def allow(self, code: str) -> tuple[bool, bool]:
        """(may send now, is it the half-open probe) for one delivery to ``code``."""
        with self._lock:
            circuit = self._refresh(self._circuits.setdefault(code, Circuit()))
            if circuit.state == "closed":
                return True, False
            if circuit.state == "half_open" and not circuit.probing:
                circuit.probing = True
                return True, True
            return False, False

    def succeeded(self, code: str) -> CircuitState:
        """A delivery went through: the circuit closes. Returns the new state."""
        with self._lock:
            self._circuits[code] = Circuit()
            return "closed"

    def failed(self, code: str) -> CircuitState:
        """The agency failed a delivery; returns the state that follows."""
        with self._lock:
            circuit = self._circuits.setdefault(code, Circuit())
            circuit.failures += 1
            if circuit.state == "half_open" or circuit.failures >= self.threshold:
                circuit.state, circuit.opened_at, circuit.probing = "open", self._now(), False
            return circuit.state

    def released(self, code: str) -> None:
        """A probe slot taken but not used (e.g. nothing to send): let another try."""
        with self._lock:
            circuit = self._circuits.get(code)
            if circuit is not None:
                circuit.probing = False

    def unavailable(self) -> list[str]:
        """Agencies whose circuit is open and not yet due for a probe."""
        with self._lock:
            return sorted(
                code for code, c in self._circuits.items() if self._refresh(c).state == "open"
            )
