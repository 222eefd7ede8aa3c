"""Help and usage errors that read as English, for every command.

Typer prints a value's Python type in help (`QUERY <list[str]>`,
`--limit <int range> ... [x>=0]`) and passes pydantic's wording through in
errors ("Value error, 'banana' is not one of ..."). `install()` replaces
those three things for every command at once, so each option need not say
it again: a named value shows its name (QUERY..., N, YYYY-MM-DD), choices
show as `table|json|csv`, and errors name what would have been accepted.
"""

from __future__ import annotations

import re
from typing import Any

import typer
from typer.core import TyperArgument, TyperOption

# What a value of each type is called in help when an option names none.
_TYPE_NAMES = {"int": "N", "float": "NUMBER", "str": "TEXT", "Path": "PATH"}


def _value_name(param: Any, ctx: Any) -> str:
    """How help shows the value an option or argument takes."""
    if param.metavar:
        name = str(param.metavar)
    else:
        shown = param.display_type(ctx).strip("<>")
        choices = re.fullmatch(r"list\[(.+)\]", shown)
        shown = choices.group(1) if choices else shown
        if param.type_descriptor.is_choice:
            name = shown
        else:
            shown = shown.removesuffix(" range")
            name = _TYPE_NAMES.get(shown, shown.upper())
    return name


def _argument_name(self: TyperArgument) -> str:
    # QUERY... for an argument that takes several words, named or not.
    return self.display_name_raw + ("..." if self.nargs != 1 else "")


def _argument_type(self: TyperArgument, ctx: Any) -> str | None:
    # The name column already shows a named argument; no type after it.
    return None if self.metavar else _value_name(self, ctx)


def _option_type(self: TyperOption, ctx: Any) -> str:
    # A repeatable option still takes one value each time: `--kind page`.
    return _value_name(self, ctx)


def _number_range(self: Any) -> str | None:
    low, high = self.min, self.max
    if getattr(self, "count", False) and low == 0 and high is None:
        return None
    if low is not None and high is not None:
        return f"{low} to {high}"
    if low is not None:
        return f"{low} or more"
    return f"{high} or less" if high is not None else None


def install() -> None:
    """Use these wordings in every command's help (called once, by the app)."""
    TyperArgument._rich_display_name = _argument_name  # type: ignore[method-assign]
    TyperArgument.display_type_rich = _argument_type  # type: ignore[method-assign,assignment]
    TyperOption.display_type_rich = _option_type  # type: ignore[method-assign]
    for cls in (TyperArgument, TyperOption):
        cls._get_number_range_help_str = _number_range  # type: ignore[method-assign]


_NOT_ONE_OF = re.compile(r"(?:Value error, )?('.*?') is not one of (.+?)\.?$")
_PYDANTIC = {
    r"Input should be a valid integer.*": "give a whole number, such as 10",
    r"Input should be a valid number.*": "give a number, such as 2.5",
    r"Input should be greater than or equal to (\S+)": r"give \1 or more",
    r"Input should be less than or equal to (\S+)": r"give \1 or less",
}


def plain_message(message: str) -> str:
    """A usage error's message in plain words, listing the choices there are."""
    found = _NOT_ONE_OF.match(message)
    if found:
        choices = ", ".join(c.strip("'") for c in found.group(2).split(", "))
        return f"{found.group(1)} is not one of: {choices}"
    for pattern, plain in _PYDANTIC.items():
        if re.fullmatch(pattern, message):
            return re.sub(pattern, plain, message)
    return message.removeprefix("Value error, ")


def reword(exc: typer.BadParameter) -> typer.BadParameter:
    """The same error, its message in plain words."""
    exc.message = plain_message(exc.message)
    return exc
