"""Bearer API keys: who is calling, which workspace they see, what their role lets them do."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from synthdb.api.errors import ApiError, not_found
from synthdb.api.names import check_name
from synthdb.api.state import state_of
from synthdb.store.keys import MOCK_ROLE, ROLES, check_key

_RANK = {role: rank for rank, role in enumerate(ROLES)}
_CHALLENGE = {"WWW-Authenticate": "Bearer"}

# Declares the security scheme in the OpenAPI document; the checks below give the answers.
bearer = HTTPBearer(auto_error=False, description="An API key from `synthdb keys create`.")


@dataclass(frozen=True)
class Grant:
    """A role of the key in one workspace."""

    workspace_id: str
    workspace: str
    role: str


@dataclass(frozen=True)
class Principal:
    """The caller: an API key, as seen in one workspace (its default, until a route names another).

    `grants` holds every workspace of the key with its role there (the default first); `needed` is the
    role the route asks for, checked again in the workspace the request names (`check_workspace`).
    """

    key_id: str
    workspace_id: str
    workspace: str
    role: str
    grants: tuple[Grant, ...] = ()
    needed: str | None = None

    def can(self, role: str) -> bool:
        """True when this key's role is at least `role` (mock < viewer < editor < admin < operator)."""
        return _RANK[self.role] >= _RANK[role]

    def can_somewhere(self, role: str) -> bool:
        """True when the key holds at least `role` in one of its workspaces."""
        return any(_RANK[grant.role] >= _RANK[role] for grant in self.all_grants)

    @property
    def all_grants(self) -> tuple[Grant, ...]:
        """Every workspace of the key (a principal built by hand has just its own)."""
        return self.grants or (Grant(self.workspace_id, self.workspace, self.role),)

    def grant(self, workspace: str) -> Grant | None:
        """The key's role in the workspace called `workspace`, or None when it has none there."""
        return next((grant for grant in self.all_grants if grant.workspace == workspace), None)

    def grant_by_id(self, workspace_id: str) -> Grant | None:
        """The key's role in the workspace with this id, or None."""
        return next((grant for grant in self.all_grants if grant.workspace_id == workspace_id), None)

    def within(self, grant: Grant) -> Principal:
        """The same caller as seen in the grant's workspace (its id, name and role there)."""
        return replace(self, workspace_id=grant.workspace_id, workspace=grant.workspace, role=grant.role)


def unauthorized(message: str) -> ApiError:
    """401 with the Bearer challenge."""
    return ApiError(401, message, headers=dict(_CHALLENGE))


def authenticate(request: Request, token: str) -> Principal:
    """The principal of a presented key, or 401."""
    with state_of(request).store.session() as session:
        check = check_key(session, token)
        if check.problem is not None or check.key is None or check.workspace is None:
            raise unauthorized(check.problem or "invalid API key")
        grants = tuple(Grant(workspace.id, workspace.name, role) for workspace, role in check.grants)
        return Principal(check.key.id, check.workspace.id, check.workspace.name, check.key.role, grants)


def current_principal(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> Principal:
    """Dependency: the caller, from `Authorization: Bearer <key>`; 401 when missing, wrong or expired."""
    if credentials is None or not credentials.credentials.strip():
        if request.headers.get("authorization"):
            raise unauthorized("Authorization: expected 'Bearer <key>'")
        raise unauthorized("Authorization: header missing; send 'Authorization: Bearer <key>'")
    principal = authenticate(request, credentials.credentials.strip())
    if principal.role == MOCK_ROLE:
        # Mock keys may ship in a front-end build: they reach the mock API (api/routes/mock.py) only.
        raise ApiError(403, "this API key's role 'mock' can only call the mock API (.../databases/{db}/api/...)")
    return principal


def require(role: str) -> Callable[..., Principal]:
    """Dependency factory: the caller, who must hold at least `role` (403 otherwise)."""

    def dependency(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        # Nowhere enough: 403 now. Otherwise the workspace the request names is checked in check_workspace.
        if not principal.can_somewhere(role):
            raise ApiError(403, f"this API key's role '{principal.role}' cannot do this; it needs '{role}'")
        return replace(principal, needed=role)

    return dependency


# Route parameters: any valid key, or a key with at least the named role.
Caller = Annotated[Principal, Depends(current_principal)]
Editor = Annotated[Principal, Depends(require("editor"))]
Admin = Annotated[Principal, Depends(require("admin"))]
# The server's operator (a key made with `synthdb keys create --role operator`): creates workspaces.
Operator = Annotated[Principal, Depends(require("operator"))]


def check_workspace(principal: Principal, workspace: str, field: str = "workspace") -> Principal:
    """The caller as seen in `workspace`: 400 for a malformed name; 404 unless the key holds a role there
    (other tenants' workspaces look missing); 403 when its role there is below the route's."""
    check_name(workspace, field)
    grant = principal.grant(workspace)
    if grant is None:
        raise not_found("workspace", workspace)
    scoped = principal.within(grant)
    if principal.needed is not None and not scoped.can(principal.needed):
        raise ApiError(403, f"this API key's role '{grant.role}' in workspace '{workspace}' cannot do this; "
                            f"it needs '{principal.needed}'")
    return scoped
