"""Guards for UI callbacks that may arrive after the widgets are gone."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from textual.css.query import NoMatches

F = TypeVar("F", bound=Callable[..., None])


def when_mounted(method: F) -> F:
    """Skip a redraw a worker scheduled after the app's widgets were torn down (on exit)."""

    @wraps(method)
    def guarded(*args: Any, **kwargs: Any) -> None:
        with contextlib.suppress(NoMatches):
            method(*args, **kwargs)

    return cast(F, guarded)
