"""Comanda's Telegram bot: handlers, keyboards, templates and the CLI."""
