"""``pakn doctor``: checks what an operator gets wrong and says how to fix it.

One line per check (✅ good, ⚠️ works but needs attention, ❌ broken), with what to do; the exit code is 1
when anything is broken. Nothing is changed: no migration is applied, no key is generated, no webhook is
set. Checks: the profile, the secret key (``PAKN_SECRET_KEY`` or ``data_dir/secret.key``, and that it opens
the identities already sealed), the database and its migrations, the administrators, Redis, the outbox
(failed and stuck messages, groups the bot cannot post in), and for Telegram the token (getMe), the staff
group (membership, admin rights or privacy mode, a group upgraded to a supergroup) and the webhook
(getWebhookInfo); for Zalo the token (getMe).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import typer

OK, WARN, FAIL = "ok", "warn", "fail"
MARK = {OK: "✅", WARN: "⚠️ ", FAIL: "❌"}
TIMEOUT = 10  # seconds per network call


@dataclass
class Check:
    level: str
    title: str
    detail: str
    fix: str = ""

    def line(self) -> str:
        text = f"{MARK[self.level]} {self.title}: {self.detail}"
        return f"{text}\n   → {self.fix}" if self.fix else text


@dataclass
class Report:
    checks: list[Check] = field(default_factory=list)

    def add(self, level: str, title: str, detail: str, fix: str = "") -> Check:
        c = Check(level, title, detail, fix)
        self.checks.append(c)
        return c

    @property
    def failed(self) -> bool:
        return any(c.level == FAIL for c in self.checks)


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(URL không đọc được)"


def _short(e: BaseException, secrets: list[str] = ()) -> str:  # type: ignore[assignment]
    text = f"{type(e).__name__}: {getattr(e, 'message', None) or e}"
    for s in secrets:
        if s:
            text = text.replace(s, "<ẩn>")
    return text[:200]


# ============================================================================ local checks
def check_profile(r: Report, settings: Any) -> Any:
    from bot.profile import ProfileError, load_profile

    try:
        p = load_profile(settings.profile)
    except ProfileError as e:
        r.add(FAIL, "Hồ sơ cơ quan", f"PAKN_PROFILE={settings.profile} không hợp lệ: {str(e)[:300]}",
              f"sửa tệp hồ sơ rồi kiểm tra bằng `pakn profile check {settings.profile}`")
        return None
    warnings = p.warnings()
    r.add(WARN if warnings else OK, "Hồ sơ cơ quan",
          f"{p.code} — {p.name}: {len(p.topics)} lĩnh vực, {len(p.departments)} phòng"
          + (f"; {len(warnings)} cảnh báo (đầu tiên: {warnings[0]})" if warnings else ""),
          f"xem chi tiết bằng `pakn profile check {settings.profile}`" if warnings else "")
    return p


def check_secret_key(r: Report, settings: Any, store: Any) -> None:
    from cryptography.fernet import Fernet, InvalidToken

    title = "Khóa niêm phong danh tính người tố cáo"
    generate = ("tạo khóa mới: `python -c \"from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())\"`, đặt vào PAKN_SECRET_KEY và cất giữ một bản sao an toàn")
    source = "PAKN_SECRET_KEY"
    raw: bytes | None = None
    if settings.secret_key:
        raw = settings.secret_key.get_secret_value().strip().encode()
    else:
        path = settings.data_dir / "secret.key"
        source = str(path)
        if path.exists():
            raw = path.read_bytes().strip()
    sealed = None
    if store is not None:
        from storage import identities

        try:
            with store.session() as s:
                sealed = identities.any_sealed(s)
        except Exception:  # the database check reports it
            sealed = None
    if raw is None:
        if sealed:
            r.add(FAIL, title, "không có khóa (PAKN_SECRET_KEY, data/secret.key) mà đã có danh tính được niêm phong",
                  "đặt lại đúng khóa cũ vào PAKN_SECRET_KEY: không có nó, danh tính người tố cáo không đọc được")
        else:
            r.add(WARN, title, "chưa có khóa: `pakn run` sẽ tự tạo khóa cục bộ trong thư mục dữ liệu",
                  f"trên máy chủ thật, {generate}")
        return
    try:
        fernet = Fernet(raw)
    except (ValueError, TypeError):
        r.add(FAIL, title, f"{source} không phải khóa Fernet hợp lệ (44 ký tự base64)", generate)
        return
    if sealed:
        try:
            fernet.decrypt(sealed.encode())
        except InvalidToken:
            r.add(FAIL, title, f"khóa ở {source} không mở được danh tính đã niêm phong (khóa đã bị thay?)",
                  "đặt lại đúng khóa đã dùng khi niêm phong vào PAKN_SECRET_KEY")
            return
    if settings.secret_key:
        r.add(OK, title, "PAKN_SECRET_KEY hợp lệ" + (" và mở được danh tính đã niêm phong" if sealed else ""))
    else:
        r.add(WARN, title, f"đang dùng khóa cục bộ {source}",
              "trên máy chủ thật, chép nội dung khóa này vào PAKN_SECRET_KEY và cất giữ một bản sao an toàn")


def check_database(r: Report, settings: Any) -> Any:
    from storage import Store

    url = settings.sqlalchemy_url
    try:
        store = Store(url)
        store.ping()
        current, head = store.migration_state()
    except Exception as e:
        r.add(FAIL, "Cơ sở dữ liệu", f"không kết nối được {_safe_url(url)} ({_short(e)})",
              "kiểm tra PAKN_DATABASE_URL và máy chủ PostgreSQL (đang chạy, đúng cổng, đúng mật khẩu)")
        return None
    if current != head:
        r.add(FAIL, "Cơ sở dữ liệu", f"{_safe_url(url)} ở phiên bản {current or 'trống'}, mới nhất là {head}",
              "chạy `pakn db upgrade`")
        return None  # the other database checks would read a schema that is not there yet
    r.add(OK, "Cơ sở dữ liệu", f"{_safe_url(url)} kết nối được, đã cập nhật mới nhất ({head})")
    return store


def check_staff(r: Report, store: Any) -> None:
    from storage import staff as staff_repo

    with store.session() as s:
        admins = [st for st in staff_repo.list_active(s) if st.role == "admin"]
    if admins:
        r.add(OK, "Quản trị viên", f"{len(admins)} quản trị viên ({', '.join(sorted({a.channel for a in admins}))})")
    else:
        r.add(WARN, "Quản trị viên", "chưa có quản trị viên nào (không ai nhận cảnh báo khi gửi tin lỗi)",
              "`pakn staff add --channel telegram --user-id <mã Telegram> --name \"Họ tên\" --role admin`")


def check_outbox(r: Report, store: Any, settings: Any) -> None:
    from storage import destinations, outbox, utcnow

    now = utcnow()
    with store.session() as s:
        failed = outbox.failed_since(s, now - timedelta(hours=24))
        stuck = outbox.stuck_sending(s, now - timedelta(seconds=float(settings.delivery_lease_seconds) * 3))
        down = destinations.down_chats(s, "telegram")
    if down:
        for chat, info in down.items():
            r.add(FAIL, "Hàng gửi tin", f"không gửi được vào nhóm {chat} từ {info.get('since', '?')[:16]} "
                  f"({info.get('error', '')[:120]}); tin nhắn của nhóm đang được giữ lại",
                  "thêm lại bot vào nhóm và cho bot quyền gửi tin: tin bị giữ sẽ tự gửi")
    if failed or stuck:
        r.add(WARN, "Hàng gửi tin", f"{failed} tin không gửi được trong 24 giờ qua, {stuck} tin kẹt ở trạng thái đang gửi",
              "xem lỗi của từng tin trong bảng outbox (cột last_error); tin kẹt sẽ được gửi lại khi bộ gửi tin chạy")
    elif not down:
        r.add(OK, "Hàng gửi tin", "không có tin lỗi trong 24 giờ qua")


def check_redis(r: Report, settings: Any) -> None:
    if not settings.redis_url:
        r.add(OK, "Redis", "không dùng (giới hạn gửi tin tính trong tiến trình: đủ khi chạy một tiến trình)")
        return
    import redis

    client = redis.Redis.from_url(settings.redis_url, socket_connect_timeout=3, socket_timeout=3)
    try:
        client.ping()
    except Exception as e:
        r.add(FAIL, "Redis", f"không kết nối được {_safe_url(settings.redis_url)} ({_short(e)}); "
              "giới hạn gửi tin chỉ còn tính riêng từng tiến trình",
              "khởi động Redis hoặc sửa PAKN_REDIS_URL (bỏ biến này nếu chỉ chạy một tiến trình)")
        return
    finally:
        client.close()
    r.add(OK, "Redis", f"{_safe_url(settings.redis_url)} trả lời")


# ============================================================================ Telegram
async def check_telegram(r: Report, settings: Any, store: Any) -> None:
    from aiogram.exceptions import TelegramAPIError, TelegramUnauthorizedError

    from bot.channels.telegram import make_bot

    token = settings.telegram_token.get_secret_value()
    bot = make_bot(settings)
    try:
        try:
            me = await bot.get_me(request_timeout=TIMEOUT)
        except TelegramUnauthorizedError:
            r.add(FAIL, "Telegram: token", "Telegram từ chối token (401)",
                  "lấy lại token từ @BotFather và đặt PAKN_TELEGRAM_TOKEN")
            return
        except Exception as e:
            r.add(FAIL, "Telegram: token", f"không gọi được getMe tại {settings.telegram_api_url} ({_short(e, [token])})",
                  "kiểm tra mạng, tường lửa, proxy và PAKN_TELEGRAM_API_URL")
            return
        r.add(OK, "Telegram: token", f"bot @{me.username} (id {me.id})")
        await _check_staff_group(r, settings, store, bot, me, token)
        try:
            info = await bot.get_webhook_info(request_timeout=TIMEOUT)
        except TelegramAPIError as e:
            r.add(WARN, "Telegram: webhook", f"không đọc được getWebhookInfo ({_short(e, [token])})")
            return
        _check_webhook(r, settings, info)
    finally:
        await bot.session.close()


async def _check_staff_group(r: Report, settings: Any, store: Any, bot: Any, me: Any, token: str) -> None:
    from aiogram.exceptions import TelegramAPIError, TelegramMigrateToChat

    from storage import destinations

    title = "Telegram: nhóm cán bộ"
    configured = settings.telegram_staff_chat_id
    if not configured:
        r.add(WARN, title, "chưa đặt PAKN_TELEGRAM_STAFF_CHAT_ID: thẻ hồ sơ được gửi riêng cho từng cán bộ",
              "thêm bot vào nhóm cán bộ và đặt mã nhóm (số âm, dạng -100…) vào PAKN_TELEGRAM_STAFF_CHAT_ID")
        return
    chat = str(configured)
    if store is not None:
        with store.session() as s:
            moved = destinations.resolve(destinations.moves(s, "telegram"), chat)
        if moved != chat:
            r.add(WARN, title, f"nhóm {chat} đã được nâng cấp thành siêu nhóm {moved}; bot đang gửi vào nhóm mới",
                  f"đặt PAKN_TELEGRAM_STAFF_CHAT_ID={moved}")
            chat = moved
    privacy = ("tắt chế độ riêng tư của bot (@BotFather → /setprivacy → Disable) rồi xóa và thêm lại bot vào nhóm, "
               "hoặc đặt bot làm quản trị viên nhóm")
    kicked = ("bot đã bị xóa khỏi nhóm {chat}; thẻ hồ sơ mới đang được giữ lại",
              "thêm lại bot vào nhóm (các thẻ bị giữ sẽ tự gửi)")
    try:
        member = await bot.get_chat_member(chat_id=int(chat), user_id=me.id, request_timeout=TIMEOUT)
    except TelegramMigrateToChat as e:
        r.add(FAIL, title, f"nhóm {chat} đã được nâng cấp thành siêu nhóm {e.migrate_to_chat_id}",
              f"đặt PAKN_TELEGRAM_STAFF_CHAT_ID={e.migrate_to_chat_id} (bot cũng tự chuyển sang nhóm mới khi gửi)")
        return
    except TelegramAPIError as e:
        if "kicked" in str(getattr(e, "message", e)).lower():
            r.add(FAIL, title, kicked[0].format(chat=chat), kicked[1])
            return
        r.add(FAIL, title, f"bot không ở trong nhóm {chat} hoặc mã nhóm sai ({_short(e, [token])})",
              "thêm bot vào nhóm cán bộ và kiểm tra PAKN_TELEGRAM_STAFF_CHAT_ID (mã nhóm là số âm)")
        return
    status = getattr(member, "status", "")
    status = getattr(status, "value", status)
    if status in ("left", "kicked"):
        r.add(FAIL, title, kicked[0].format(chat=chat), kicked[1])
        return
    if status == "restricted" and not getattr(member, "can_send_messages", True):
        r.add(FAIL, title, f"bot bị hạn chế trong nhóm {chat}, không gửi được tin", "cho bot quyền gửi tin trong nhóm")
        return
    try:
        group = await bot.get_chat(chat_id=int(chat), request_timeout=TIMEOUT)
    except TelegramAPIError:
        group = None  # its name and forum flag only
    name = getattr(group, "title", None) or chat
    if status == "administrator":
        detail = f"“{name}” ({chat}): bot là quản trị viên"
        if getattr(group, "is_forum", False) and not getattr(member, "can_manage_topics", False):
            r.add(WARN, title, detail + ", nhưng không có quyền quản lý chủ đề: thẻ không vào được chủ đề từng phòng",
                  "cho bot quyền “Quản lý chủ đề” (Manage topics)")
            return
        r.add(OK, title, detail)
        return
    if not getattr(me, "can_read_all_group_messages", False):
        r.add(FAIL, title, f"“{name}” ({chat}): bot là thành viên nhưng chế độ riêng tư đang bật, nên không đọc được "
              "câu trả lời cán bộ gõ trong nhóm", privacy)
        return
    r.add(OK, title, f"“{name}” ({chat}): bot là thành viên, đọc được tin nhắn trong nhóm (chế độ riêng tư tắt)")


def _check_webhook(r: Report, settings: Any, info: Any) -> None:
    import time

    title = "Telegram: webhook"
    url = getattr(info, "url", "") or ""
    wanted = settings.telegram_webhook_url
    error = getattr(info, "last_error_message", None)
    error_date = getattr(info, "last_error_date", None)
    if error_date is not None and hasattr(error_date, "timestamp"):
        error_date = error_date.timestamp()
    recent_error = bool(error) and (error_date is None or time.time() - float(error_date) < 3600)
    pending = getattr(info, "pending_update_count", 0) or 0
    if not wanted:
        if url:
            r.add(WARN, title, f"Telegram đang gửi cập nhật tới webhook {url} nhưng cấu hình chạy long polling",
                  "`pakn run` (polling) sẽ xóa webhook này; muốn dùng webhook thì đặt PAKN_TELEGRAM_WEBHOOK_URL và chạy "
                  "`pakn run --webhook`")
        else:
            r.add(OK, title, "không dùng webhook (long polling)" + (f", {pending} cập nhật đang chờ" if pending else ""))
        return
    if not settings.telegram_webhook_secret:
        r.add(WARN, title, "chưa đặt PAKN_TELEGRAM_WEBHOOK_SECRET: mỗi lần khởi động tạo một mã ngẫu nhiên, nên "
              "nhiều tiến trình sau một proxy sẽ từ chối cập nhật của nhau",
              "đặt PAKN_TELEGRAM_WEBHOOK_SECRET (8–256 ký tự A-Z, a-z, 0-9, _ -) giống nhau cho mọi tiến trình")
    if url != wanted:
        r.add(WARN, title, f"webhook hiện là “{url or 'chưa đặt'}”, cấu hình là {wanted}",
              "`pakn run --webhook` đặt lại webhook khi khởi động")
        return
    if recent_error:
        r.add(FAIL, title, f"Telegram báo lỗi khi gửi tới {url}: {error}" + (f" ({pending} cập nhật đang chờ)" if pending else ""),
              "kiểm tra chứng chỉ HTTPS, proxy ngược, cổng mở ra Internet và `pakn run --webhook` đang chạy")
        return
    r.add(OK, title, f"{url}" + (f", {pending} cập nhật đang chờ" if pending else ""))


# ============================================================================ Zalo
async def check_zalo(r: Report, settings: Any) -> None:
    from bot.channels.zalo import ZaloApi, ZaloApiError, ZaloNetworkError

    api = ZaloApi(settings)
    try:
        me = await asyncio.wait_for(api.get_me(), TIMEOUT)
    except (ZaloApiError, ZaloNetworkError, TimeoutError) as e:
        status = getattr(e, "status", None)
        if status in (401, 403):
            r.add(FAIL, "Zalo: token", "Zalo từ chối token", "lấy lại token trên Zalo Bot Platform, đặt PAKN_ZALO_TOKEN")
        else:
            r.add(FAIL, "Zalo: token", f"không gọi được getMe tại {settings.zalo_api_url} ({api.safe(str(e))[:200]})",
                  "kiểm tra mạng và PAKN_ZALO_API_URL")
        return
    finally:
        await api.close()
    name = (me or {}).get("account_name") or (me or {}).get("display_name") or (me or {}).get("id") or "?"
    r.add(OK, "Zalo: token", f"bot {name}")


# ============================================================================ the command
def run_checks(settings: Any) -> Report:
    r = Report()
    check_profile(r, settings)
    store = check_database(r, settings)
    check_secret_key(r, settings, store)
    if store is not None:
        check_staff(r, store)
        check_outbox(r, store, settings)
    check_redis(r, settings)

    async def network() -> None:
        if settings.telegram_token:
            try:
                await check_telegram(r, settings, store)
            except Exception as e:  # an answer the checks did not expect: reported, never a traceback
                token = settings.telegram_token.get_secret_value()
                r.add(FAIL, "Telegram", f"câu trả lời không đọc được từ {settings.telegram_api_url} ({_short(e, [token])})",
                      "kiểm tra PAKN_TELEGRAM_API_URL (máy chủ Bot API đúng địa chỉ, đúng phiên bản)")
        else:
            r.add(OK, "Telegram", "chưa cấu hình (PAKN_TELEGRAM_TOKEN)")
        if settings.zalo_token:
            try:
                await check_zalo(r, settings)
            except Exception as e:
                r.add(FAIL, "Zalo", f"câu trả lời không đọc được ({type(e).__name__})", "kiểm tra PAKN_ZALO_API_URL")

    asyncio.run(network())
    if store is not None:
        store.dispose()
    return r


def doctor() -> None:
    """Kiểm tra cấu hình và kết nối (token, nhóm cán bộ, webhook, cơ sở dữ liệu, Redis, khóa, hồ sơ) và chỉ cách sửa."""
    import logging

    from bot.config import get_settings

    logging.getLogger("aiogram").setLevel(logging.CRITICAL)  # the report says it, once and in Vietnamese
    settings = get_settings()
    report = run_checks(settings)
    for c in report.checks:
        typer.echo(c.line())
    fails = sum(c.level == FAIL for c in report.checks)
    warns = sum(c.level == WARN for c in report.checks)
    typer.echo(f"\n{len(report.checks)} mục: {fails} lỗi, {warns} cảnh báo." if fails or warns
               else f"\n{len(report.checks)} mục: tất cả đều ổn.")
    if report.failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("doctor")(doctor)
