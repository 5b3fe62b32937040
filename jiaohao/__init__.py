"""Jiaohao (叫号): queue and kiosk system for public service halls."""

__version__ = "0.1.0"
