from core.errors import Conflict, Forbidden, Unauthorized, ValidationFailed


class EmailTaken(Conflict):
    default_message = "An account with this e-mail already exists."


class UsernameTaken(Conflict):
    default_message = "This username is already taken."


class InvalidCredentials(Unauthorized):
    default_message = "Invalid e-mail/username or password."


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
