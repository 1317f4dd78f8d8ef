"""Duka: an offline business manager for micro-shops."""

__version__ = "0.1.0"
