"""Fields about the person, shared by the petition and dialogue forms: name, address, phone, e-mail,
organisation and consent. A value already known (typed in the first message, or kept from the
citizen's last item) is not asked again, but can be changed with "sửa tên", "sửa địa chỉ"…"""

from __future__ import annotations

import re
from typing import Any

import intents
from bot.core.context import Ctx
from bot.core.forms.choices import norm, yes_no
from bot.core.forms.model import CANCEL_ACTION, Answer, Choice, Field, Invalid
from bot.core.render import clip
from storage import limits
from storage.models import Citizen

ANONYMOUS = "__anonymous__"
# "xin giấu tên", "không muốn nêu tên", "ẩn danh", "giấu danh tính"…
_ANON = re.compile(r"\b(?:an danh|nac danh|giau ten|giau danh tinh|khong (?:muon |the )?(?:neu|noi|de|cho biet|khai) ten"
                   r"|khong ghi ten|xin giau|bi mat danh tinh)\b")
_ORG = re.compile(r"\b(?:cong ty|cty|doanh nghiep|dn|hop tac xa|htx|hiep hoi|hoi |co so (?:chung toi|cua toi|san xuat)"
                  r"|nha may|truong (?:chung toi|toi)|to chuc chung toi|don vi (?:chung toi|toi)|chung toi la)")


def wants_anonymity(text: str) -> bool:
    return bool(_ANON.search(norm(text)))


def mentions_organisation(text: str | None) -> bool:
    return bool(text) and bool(_ORG.search(norm(text)))


def known(ctx: Ctx, data: Any, field: str) -> Any:
    """A contact value from this form, from the first message, or from the citizen's record."""
    value = getattr(data, field, None)
    if value:
        return value
    pre = getattr(data, f"pre_{field}", None)
    if pre:
        return pre
    c = ctx.citizen
    return getattr(c, {"name": "full_name"}.get(field, field), None) if c else None


# words a name never starts with: "tôi đồng ý", "không có", "xin lỗi", "quay lại" are answers, not names
_NOT_A_NAME_START = {"toi", "em", "minh", "khong", "ko", "k", "xin", "cho", "vang", "ok", "chua", "thoi", "quay",
                     "huy", "bo", "gui", "sua", "dung", "sai", "ten", "roi", "nhu", "con"}


def valid_name(text: str) -> str | None:
    words = text.split()
    if not words or norm(words[0]) in _NOT_A_NAME_START or yes_no(text) is not None:
        return None
    if not (2 <= len(words) <= 7) or any(ch.isdigit() for ch in text) or len(text) > 80:
        return None
    if not all(w.replace("-", "").replace("'", "").isalpha() for w in words):
        return None
    return " ".join(w[:1].upper() + w[1:].lower() for w in words)


def _parse_name(ctx: Ctx, data: Any, ans: Answer, *, anonymity: bool) -> Any:
    if wants_anonymity(ans.text):
        if anonymity:
            return ANONYMOUS
        raise Invalid("form_name_required")
    found = intents.extract_entities(ans.text).person_name
    name = valid_name(found or ans.text)
    if not name:
        raise Invalid("pa_bad_name")
    return name


def name_field(*, anonymity: Any = None, applies: Any = None) -> Field:
    """``anonymity(ctx, data)``: may this person stay anonymous (a tố cáo)? Then "Gửi ẩn danh" is offered."""
    def may_hide(ctx: Ctx, data: Any) -> bool:
        return bool(anonymity and anonymity(ctx, data))

    def store(ctx: Ctx, data: Any, value: Any) -> None:
        if value == ANONYMOUS:
            data.anonymous = True
            ctx.say(ctx.t("pa_anonymous_notice"))
        else:
            data.name = value

    return Field(
        key="name", label="pa_field_name", words=("ten", "ho ten", "ho va ten"), personal=True, applies=applies,
        prompt=lambda ctx, data: ctx.t("pa_ask_name_to_cao" if may_hide(ctx, data) else "pa_ask_name"),
        choices=lambda ctx, data: [Choice(ANONYMOUS, ctx.t("pa_btn_anonymous"), ("an danh", "gui an danh"))]
        if may_hide(ctx, data) else [],
        parse=lambda ctx, data, ans: _parse_name(ctx, data, ans, anonymity=may_hide(ctx, data)),
        known=lambda ctx, data: known(ctx, data, "name"), store=store, help="form_help_name",
    )


def _parse_address(ctx: Ctx, data: Any, ans: Answer) -> str:
    if len(ans.text) < 6 or len(ans.text.split()) < 2:
        raise Invalid("pa_bad_address")
    return clip(ans.text, 500)


def address_field(applies: Any = None) -> Field:
    return Field(key="address", prompt="pa_ask_address", label="pa_field_address", words=("dia chi", "cho o"),
                 parse=_parse_address, known=lambda ctx, data: known(ctx, data, "address"), personal=True,
                 applies=applies, help="form_help_address")


def _parse_phone(ctx: Ctx, data: Any, ans: Answer) -> str:
    phone = intents.parse_phone(ans.contact_phone or ans.text)
    if not phone:
        raise Invalid("pa_bad_phone")
    data.phone_confirmed = bool(ans.contact_phone)  # the channel's own contact card
    return phone


def phone_field(applies: Any = None) -> Field:
    return Field(key="phone", prompt="pa_ask_phone", label="pa_field_phone", words=("so dien thoai", "dien thoai",
                 "sdt", "so dt"), parse=_parse_phone, known=lambda ctx, data: known(ctx, data, "phone"),
                 personal=True, request_phone=True, applies=applies, help="form_help_phone")


def _parse_email(ctx: Ctx, data: Any, ans: Answer) -> str:
    email = intents.parse_email(ans.text)
    if not email:
        raise Invalid("pa_bad_email")
    if not limits.fits(Citizen, "email", email):
        raise Invalid("pa_email_too_long", limit=limits.max_length(Citizen, "email"))
    return email


def email_field(applies: Any = None) -> Field:
    return Field(key="email", prompt="pa_ask_email", label="pa_field_email", words=("email", "thu dien tu", "mail"),
                 parse=_parse_email, known=lambda ctx, data: known(ctx, data, "email"), required=False,
                 personal=True, applies=applies)


def _parse_org(ctx: Ctx, data: Any, ans: Answer) -> str:
    if len(ans.text.strip()) < 3:
        raise Invalid("form_bad_org")
    return clip(ans.text.strip(), 300)


def organisation_field(prompt: str = "pa_ask_org", applies: Any = None) -> Field:
    """Sent on behalf of a business, a cooperative or an association? ("" = as a private person)."""
    return Field(key="organisation", prompt=prompt, label="pa_field_org", words=("to chuc", "cong ty", "doanh nghiep"),
                 choices=lambda ctx, data: [Choice("", ctx.t("dt_btn_personal"), ("ca nhan", "khong", "ko", "rieng"),
                                                   yes=False)],
                 parse=_parse_org, applies=applies, help="form_help_org")


def _parse_consent(ctx: Ctx, data: Any, ans: Answer) -> Any:
    if yes_no(ans.text) is False or norm(ans.text) in ("khong dong y", "toi khong dong y", "tu choi"):
        raise Invalid("consent_why")
    raise Invalid("consent_need_explicit")


def consent_field(applies: Any = None) -> Field:
    """Explicit consent (Nghị định 356/2025): a "no" explains why it is needed and asks again, offering to
    cancel; the draft is never thrown away by one "không"."""
    def needed(ctx: Ctx, data: Any) -> bool:
        c = ctx.citizen
        return (c is None or c.consent_version != ctx.profile.consent.version) and (applies is None or applies(ctx, data))

    return Field(
        key="consent", label="form_label_consent", editable=False, applies=needed, parse=_parse_consent,
        prompt=lambda ctx, data: ctx.t("consent_ask", consent_text=ctx.profile.consent.text),
        reprompt="consent_ask_again",
        choices=lambda ctx, data: [Choice(True, ctx.t("consent_btn_yes"), ("dong y", "toi dong y", "co dong y", "dong y a")),
                                   Choice(CANCEL_ACTION, ctx.t("consent_btn_cancel"), ("huy", "khong gui nua"))],
    )
