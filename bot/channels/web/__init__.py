"""The web chat (page, widget, WebSocket/long polling) and the public page (công khai)."""

from bot.channels.web.channel import CHANNEL, WebChannel, WebSender, bound_port, make_runtime, make_sender

__all__ = ["CHANNEL", "WebChannel", "WebSender", "bound_port", "make_runtime", "make_sender"]
