"""Handler modules; each exposes one function returning its handlers.  ``bot.app`` wires
them in explicit groups."""
