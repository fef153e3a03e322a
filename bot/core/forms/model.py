"""What a form is made of: fields with prompts, labels, parsers and choices.

A form is data. Each flow (petition, dialogue question, look-up, rating survey…) declares its fields;
one runner (:mod:`bot.core.forms.runner`) asks for the first missing field, matches typed answers to
choices, and handles the commands that work at every step ("hủy", "quay lại", "sửa …", "trợ giúp").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from bot.core.types import Location

if TYPE_CHECKING:
    from bot.core.context import Ctx

SKIP = "__skip__"  # the value of an optional field the citizen skipped
EDIT_ACTION = "__edit__"  # a choice that opens "which field to change?"
CANCEL_ACTION = "__cancel__"  # a choice that cancels the form (confirmed first when it has content)
NEW_ACTION = "__new__"  # a choice that leaves the form and handles the form's ``text`` as a new request
GOTO = "__goto__:"  # a choice that asks another field ("Đổi loại" → the kind), then comes back


class Invalid(Exception):  # noqa: N818 - a refusal of one answer, with the catalog key that explains it
    """An answer that does not fit the field: ``key`` is the catalog text telling how to answer."""

    def __init__(self, key: str, *, stop: bool = False, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.stop = stop  # the form ends here (a look-up locked after too many wrong answers)
        self.params = params


@dataclass(frozen=True, slots=True)
class Answer:
    """One message as a field sees it."""

    text: str
    folded: str  # accents, emoji, punctuation and case removed (bot.core.forms.choices.norm)
    payload: str | None = None
    contact_phone: str | None = None
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class Choice:
    value: Any
    label: str  # as shown (already translated)
    words: tuple[str, ...] = ()  # typed synonyms, folded ("ca nhan", "an danh")
    yes: bool | None = None  # True: a "yes" word picks it; False: a "no" word does


Data = BaseModel
Text = str | Callable[["Ctx", Any], str]  # a catalog key, or a function of (ctx, data) giving the text


@dataclass(frozen=True)
class Field:
    """One question of a form.

    ``prompt`` and ``label`` are catalog keys (or functions of ctx and data). ``parse`` turns a typed answer
    into the value or raises :class:`Invalid`; ``choices`` are offered as buttons (numbered where a
    channel has none) and matched against typed words. ``applies`` says whether the field is asked at all
    for this data (kind, topic, profile); ``known`` gives a value already known (from the first message or
    the citizen's record) so the field is not asked unless the citizen edits it.
    """

    key: str
    prompt: Text
    label: Text
    parse: Callable[[Ctx, Any, Answer], Any] | None = None
    choices: Callable[[Ctx, Any], Sequence[Choice]] | None = None
    applies: Callable[[Ctx, Any], bool] | None = None
    known: Callable[[Ctx, Any], Any] | None = None
    store: Callable[[Ctx, Any, Any], None] | None = None  # default: setattr(data, key, value)
    required: bool = True
    personal: bool = False  # personal data: erased with the draft, never logged
    free_text: bool = False  # takes free text (content, question): only a clear phrase switches requests
    request_phone: bool = False  # offer the channel's "share my phone" button
    editable: bool = True  # offered by "sửa"
    words: tuple[str, ...] = ()  # folded names for "sửa <word>" ("ten", "ho ten")
    resets: tuple[str, ...] = ()  # fields asked again when this one changes
    help: str | None = None  # catalog key: how to answer (for "trợ giúp")
    place: bool = False  # answered by a shared map pin as well as by words
    reprompt: Text | None = None  # a shorter question when asked again after an answer that did not fit


@dataclass(frozen=True)
class Form:
    """A flow's definition: its typed data, its fields and what happens when the last one is answered."""

    name: str
    data: type[BaseModel]
    fields: Callable[[Ctx, Any], Sequence[Field]]
    done: Callable[[Ctx, Any], None]
    title: str  # catalog key: what the draft is ("phản ánh, kiến nghị")
    attachments: bool = False  # files are accepted at any step
    places: Callable[[Ctx, Location], dict[str, Any]] | None = None  # a map pin, accepted at any step
    keep_draft: bool = True  # kept for 30 days when left for another request
    content: Callable[[Any], bool] = field(default=lambda data: True)  # has the citizen typed anything worth keeping
    append: Callable[[Ctx, Any, str], str | None] | None = None  # add a text to the content; None = too long
    switch: Callable[[Ctx, Any, str, bool], bool] | None = None  # another request typed here?
    # a message the form takes whatever is asked ("xin giấu tên" in a tố cáo); True when it was taken
    intercept: Callable[[Ctx, Any, Answer, Field], bool] | None = None
