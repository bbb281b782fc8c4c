"""Writes of the accounts app. Each public function runs in one transaction (STYLE.md).

One module per subject; everything public is re-exported here, so callers keep writing
`from accounts import services; services.user_register(...)`.
"""

from accounts.services.audit import audit_entry_create
from accounts.services.auth import (
    TOKEN_TYPE,
    auth_login,
    auth_logout,
    auth_refresh,
    email_verification_send,
    email_verify,
    password_change,
    password_reset_confirm,
    password_reset_request,
    refresh_tokens_revoke,
    tokens_for,
    user_register,
)
from accounts.services.avatars import avatar_reset, avatar_set
from accounts.services.deletion import (
    MAX_PURGE_AGE_DAYS,
    MIN_PURGE_AGE_DAYS,
    user_restore,
    user_self_delete,
    user_staff_delete,
    users_purge_deleted,
)
from accounts.services.profiles import (
    EDITABLE_FIELDS,
    learner_profile_ensure,
    learner_profile_update,
    normalize_skill_name,
    skill_get_or_create,
    user_skill_add,
    user_skill_remove,
    user_switch_mode,
    user_update,
)
from accounts.services.social import PROVIDERS as SOCIAL_PROVIDERS
from accounts.services.social import social_login, social_login_complete
from accounts.services.staff import STAFF_EDITABLE_FIELDS, user_staff_update

__all__ = [
    "EDITABLE_FIELDS",
    "MAX_PURGE_AGE_DAYS",
    "MIN_PURGE_AGE_DAYS",
    "SOCIAL_PROVIDERS",
    "STAFF_EDITABLE_FIELDS",
    "TOKEN_TYPE",
    "audit_entry_create",
    "auth_login",
    "auth_logout",
    "auth_refresh",
    "avatar_reset",
    "avatar_set",
    "email_verification_send",
    "email_verify",
    "learner_profile_ensure",
    "learner_profile_update",
    "normalize_skill_name",
    "password_change",
    "password_reset_confirm",
    "password_reset_request",
    "refresh_tokens_revoke",
    "skill_get_or_create",
    "social_login",
    "social_login_complete",
    "tokens_for",
    "user_register",
    "user_restore",
    "user_self_delete",
    "user_skill_add",
    "user_skill_remove",
    "user_staff_delete",
    "user_staff_update",
    "user_switch_mode",
    "user_update",
    "users_purge_deleted",
]
