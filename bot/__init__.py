"""pakn-bot: tiếp nhận phản ánh, kiến nghị và đối thoại với người dân qua các kênh nhắn tin."""

__version__ = "0.1.0"
