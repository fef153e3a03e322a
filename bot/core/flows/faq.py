"""Common questions about procedures: the profile's procedures and other bodies first, then the FAQ."""

from __future__ import annotations

from typing import Any

import intents
from bot.core.context import Ctx
from bot.core.types import Button

PROCEDURE_FIELDS = ("papers", "time_limit", "fee", "where", "link", "notes")


def answer(ctx: Ctx, text: str) -> None:
    t = ctx.t
    ctx.slots["faq_text"] = text
    buttons = [[Button(t("faq_btn_ok"), "faq:ok")],
               [Button(t("faq_btn_petition"), "faq:pa"), Button(t("faq_btn_dialogue"), "faq:dt")]]
    found = intents.answer_question(text, ctx.profile)
    if isinstance(found, intents.OutOfRemit):
        link = t("faq_out_of_remit_link", link=found.link) if found.link else ""
        ctx.say(t("faq_out_of_remit", handles=found.handles, body=found.name, where=found.where, link=link),
                [[Button(t("faq_btn_petition"), "faq:pa")], [Button(t("faq_btn_ok"), "faq:ok")]])
        return
    if isinstance(found, intents.ProcedureAnswer):
        ctx.say(procedure_text(t, found), buttons)
        return
    hit = ctx.core.faq_index(ctx.s).search(text)
    if hit is None:
        ctx.say(t("faq_not_found"), buttons[1:])
        return
    ctx.say(t("faq_answer", answer=hit.answer), buttons)


def procedure_text(t: Any, found: Any) -> str:
    """The procedure's fields the question asked for (all of them when it asked for none in particular)."""
    p = found.procedure
    fields = list(found.asked) or list(PROCEDURE_FIELDS)
    lines = [t("proc_head", name=p.name)]
    for f in fields:
        value = getattr(p, f, None)
        if not value:
            if found.asked:
                lines.append(t("proc_missing"))
            continue
        if f == "papers":
            lines.append(t("proc_papers", papers="\n".join(f"• {x}" for x in value)))
        else:
            lines.append(t(f"proc_{f}", value=value))
    return "\n".join(lines)
