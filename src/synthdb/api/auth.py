"""Bearer API keys: who is calling, which workspace they see, what their role lets them do."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
class Principal:
    """The caller: an API key of one workspace with one role."""

    key_id: str
    workspace_id: str
    workspace: str
    role: str

    def can(self, role: str) -> bool:
        """True when this key's role is at least `role` (mock < viewer < editor < admin < operator)."""
        return _RANK[self.role] >= _RANK[role]


def unauthorized(message: str) -> ApiError:
    """401 with the Bearer challenge."""
    return ApiError(401, message, headers=dict(_CHALLENGE))


def authenticate(request: Request, token: str) -> Principal:
    """The principal of a presented key, or 401."""
    with state_of(request).store.session() as session:
        check = check_key(session, token)
        if check.problem is not None or check.key is None or check.workspace is None:
            raise unauthorized(check.problem or "invalid API key")
        return Principal(check.key.id, check.workspace.id, check.workspace.name, check.key.role)


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
        if not principal.can(role):
            raise ApiError(403, f"this API key's role '{principal.role}' cannot do this; it needs '{role}'")
        return principal

    return dependency


# Route parameters: any valid key, or a key with at least the named role.
Caller = Annotated[Principal, Depends(current_principal)]
Editor = Annotated[Principal, Depends(require("editor"))]
Admin = Annotated[Principal, Depends(require("admin"))]
# The server's operator (a key made with `synthdb keys create --role operator`): creates workspaces.
Operator = Annotated[Principal, Depends(require("operator"))]


def check_workspace(principal: Principal, workspace: str, field: str = "workspace") -> None:
    """400 for a malformed name; 404 unless it is the key's own workspace (others look missing)."""
    check_name(workspace, field)
    if workspace != principal.workspace:
        raise not_found("workspace", workspace)
