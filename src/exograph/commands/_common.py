"""Helpers the verbs share."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from exograph.paths import ProjectPaths

if TYPE_CHECKING:
    from exograph.httpclient import Credentials

# The password of --user: from the environment (or a terminal prompt), never from the command line,
# where other users of the machine could read it.
PASSWORD_VARIABLE = "EXOGRAPH_PASSWORD"


def project(args: argparse.Namespace) -> ProjectPaths:
    return ProjectPaths.given(getattr(args, "root", None))


def at_least(low: int):  # noqa: ANN201 - an argparse type
    """An argparse type: a whole number of at least `low` (argparse reports anything else in one line)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"expected at least {low}, got {value}")
        return value

    return parse


STRICT_QUOTES_ENV = "EXOGRAPH_STRICT_QUOTES"


def add_strict_quotes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict-quotes", action="store_true",
                        help="a quote whose source text is not available is a violation, not a warning "
                             f"(also when ${STRICT_QUOTES_ENV}=1; CI checks the curated data this way)")


def strict_quotes(args: argparse.Namespace) -> bool:
    import os

    return bool(getattr(args, "strict_quotes", False)) or os.environ.get(STRICT_QUOTES_ENV, "") in ("1", "true", "yes")


def credentials(user: str | None) -> Credentials | None:
    """--user's credentials, the password from EXOGRAPH_PASSWORD or asked for on a terminal."""
    from exograph.errors import EndpointError
    from exograph.httpclient import Credentials

    if user is None:
        return None
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is None and sys.stdin.isatty():
        import getpass

        password = getpass.getpass(f"password for {user}: ")
    if password is None:
        raise EndpointError(f"--user {user} needs a password: set {PASSWORD_VARIABLE} (it is never read from the "
                            "command line)")
    return Credentials(user, password)
