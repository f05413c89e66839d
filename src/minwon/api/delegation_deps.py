"""Acting for someone else: ``X-On-Behalf-Of`` turns the caller into "A for B".

The header names the represented person's account id. It is honoured only for a signed-in
citizen holding a delegation from that person that is active today; anything else (no such
delegation, not started yet, ended, revoked, an unknown id, an officer) is the same 403, so
the header cannot be used to learn who has granted what.
"""

from __future__ import annotations

import dataclasses
import re

from fastapi import Request

from minwon.actors import Actor
from minwon.api.problems import ProblemError
from minwon.identity import IdentityRuntime, active_delegation

__all__ = ["ON_BEHALF_OF_HEADER", "apply_delegation"]

ON_BEHALF_OF_HEADER = "X-On-Behalf-Of"
ACCOUNT_ID = re.compile(r"[A-Za-z0-9]{1,64}")


def apply_delegation(request: Request, actor: Actor, runtime: IdentityRuntime) -> Actor:
    """``actor`` acting for the account in ``X-On-Behalf-Of``, or ``actor`` if there is none.

    Raises a 401 problem for an anonymous caller and a 403 ``delegation-not-active`` problem
    when no delegation from that account to the caller is active today. Which services it
    covers is checked where a service is chosen (submitting), not here.
    """
    grantor_id = request.headers.get(ON_BEHALF_OF_HEADER)
    if grantor_id is None or (grantor_id and actor.on_behalf_of == grantor_id):
        return actor  # no header, or already applied further up the dependency chain
    if actor.kind == "anonymous":
        raise ProblemError(401, "sign-in-required")
    is_active = (
        actor.kind == "citizen"
        and actor.on_behalf_of is None
        and ACCOUNT_ID.fullmatch(grantor_id) is not None
        and active_delegation(runtime, actor.id, grantor_id, None, runtime.clock.today())
        is not None
    )
    if not is_active:
        raise ProblemError(403, "delegation-not-active")
    return dataclasses.replace(actor, on_behalf_of=grantor_id)
