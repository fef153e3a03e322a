"""The web chat (page, widget, WebSocket/long polling) and the public page (công khai)."""

from bot.channels.web.channel import CHANNEL, WebChannel, WebSender, bound_port, run_web

__all__ = ["CHANNEL", "WebChannel", "WebSender", "bound_port", "run_web"]
