"""nbval's kernel start, retried once when the kernel died before replying to kernel_info.

A kernel over TCP is given ports that were free when chosen; another process (the browser check's
Chromium, another worker's kernel) can take one before the kernel binds it, and the kernel exits at
once. Seen once in a CI run (2.6: "Kernel died before replying to kernel_info"). A second start picks
new ports; any other failure, or a second death, is raised as before.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

DIED = "Kernel died before replying to kernel_info"


def retrying(start: Callable[..., Any]) -> Callable[..., Any]:
    """`start` (nbval.kernel.start_new_kernel), run a second time if the kernel died before replying."""
    def start_new_kernel(*args: Any, **kwargs: Any) -> Any:
        try:
            return start(*args, **kwargs)
        except RuntimeError as error:
            if DIED not in str(error):
                raise
            return start(*args, **kwargs)

    return start_new_kernel


def install() -> None:
    """Make nbval start its kernels through `retrying` (nbval.kernel.RunningKernel looks the name up at call time)."""
    import nbval.kernel

    if not getattr(nbval.kernel.start_new_kernel, "_hz_retrying", False):
        patched = retrying(nbval.kernel.start_new_kernel)
        patched._hz_retrying = True  # type: ignore[attr-defined]
        nbval.kernel.start_new_kernel = patched
