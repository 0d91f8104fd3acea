"""Errors that end a command with one clear message and exit code 2."""


class UserError(Exception):
    """Bad input from the user: printed as it is, exit 2."""


class DataError(Exception):
    """The session log cannot be used (unwritable, corrupt, too new): exit 2."""
