"""The staff command registry: one set of commands on every channel, role-checked on every call.

Command modules (``staff_petitions``, ``staff_dialogue``, ``staff_admin``, ``staff_announce`` …)
register their handlers with :func:`command`; ``bot.core.staff`` routes to them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.core.context import Ctx

ALL = ("admin", "officer", "inspector")
ADMIN = ("admin",)
WRITERS = ("admin", "officer")
CONFIDENTIAL_ROLES = ("admin", "inspector")

Handler = Callable[[Ctx, str], None]


@dataclass(frozen=True)
class Command:
    """A staff command. Its usage and help are catalog texts ``u_<name>`` and ``h_<name>``."""

    names: tuple[str, ...]
    roles: tuple[str, ...]  # who may run it
    fn: Handler
    shown_to: tuple[str, ...] | None = None  # who sees it in help and menus (default: ``roles``)

    def visible_to(self, role: str | None) -> bool:
        return role in (self.shown_to or self.roles)

    @property
    def name(self) -> str:
        return self.names[0]

    @property
    def usage_key(self) -> str:
        return f"u_{self.name}"

    @property
    def help_key(self) -> str:
        return f"h_{self.name}"


COMMANDS: dict[str, Command] = {}


def command(*names: str, roles: tuple[str, ...] = ALL,
            shown_to: tuple[str, ...] | None = None) -> Callable[[Handler], Handler]:
    def deco(fn: Handler) -> Handler:
        cmd = Command(names, tuple(str(r) for r in roles), fn, shown_to)
        for n in names:
            COMMANDS[n] = cmd
        return fn

    return deco


def unique() -> list[Command]:
    seen: set[str] = set()
    out = []
    for cmd in COMMANDS.values():
        if cmd.name not in seen:
            seen.add(cmd.name)
            out.append(cmd)
    return out


def parse(text: str) -> tuple[str, str] | None:
    """``/name@bot args`` -> (name, args)."""
    if not text.startswith("/"):
        return None
    head, _, rest = text[1:].partition(" ")
    name = head.split("@", 1)[0].lower()
    return name, rest.strip()


def usage(ctx: Ctx, name: str) -> str:
    """"Cách dùng: …" for a command."""
    return ctx.t("s_usage", usage=ctx.t(COMMANDS[name].usage_key))


def split_code(args: str) -> tuple[str, str]:
    code, _, rest = args.strip().partition(" ")
    return code, rest.strip()


def menu(t: Callable[..., str]) -> list[tuple[str, str]]:
    """(command, description) for channels that show a command menu to staff."""
    return [(cmd.name, t(cmd.help_key)[:256]) for cmd in unique()]
