from core.errors import Conflict, Forbidden, NotFound, RateLimited, Unauthorized, ValidationFailed


class EmailTaken(Conflict):
    default_message = "An account with this e-mail already exists."


class UsernameTaken(Conflict):
    default_message = "This username is already taken."


class InvalidCredentials(Unauthorized):
    default_message = "Invalid e-mail/username or password."


class LoginLocked(RateLimited):
    # The same words whether or not the account exists (accounts.login_guard).
    default_message = "Too many failed log-in attempts. Wait a while, then try again."

    def __init__(self, message=None, *, retry_after: int, details=None):
        super().__init__(
            message or f"Too many failed log-in attempts. Try again in {_wait_words(retry_after)}.",
            retry_after=retry_after,
            details={"reason": "too_many_failed_logins", **(details or {})},
        )


def _wait_words(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


class TokenReused(Unauthorized):
    default_message = "This refresh token was already used. Every session has been signed out."


class InvalidToken(Unauthorized):
    default_message = "The token is invalid or has expired."


class EmailNotVerified(Forbidden):
    default_message = "Verify your e-mail address first."

    def __init__(self, message=None, *, details=None):
        super().__init__(message, details={"reason": "email_not_verified", **(details or {})})


class InvalidLink(ValidationFailed):
    default_message = "This link is invalid or has expired."


class SocialProviderUnavailable(NotFound):
    default_message = "Signing in with this provider is not available."


class SocialTokenInvalid(Unauthorized):
    default_message = "The provider's token could not be verified."


class SocialEmailMissing(ValidationFailed):
    default_message = "The provider did not confirm an e-mail address for this account."


class SocialAccountUnusable(Unauthorized):
    # Deleted or deactivated accounts: said like a failed log-in, revealing nothing more.
    default_message = "This account cannot sign in."


class MentorModeNotAllowed(Forbidden):
    default_message = "Mentor mode needs an approved mentor profile."

    def __init__(self, message=None, *, details=None):
        super().__init__(message, details={"reason": "mentor_profile_not_approved", **(details or {})})


class SkillAlreadyAdded(Conflict):
    default_message = "This skill is already on your profile."


class AccountNotDeleted(Conflict):
    default_message = "This account is not deleted."


class AccountDeleted(Conflict):
    default_message = "This account is deleted; restore it first."


class AccountPurged(Conflict):
    default_message = "This account was purged and can no longer be restored."
