"""Coop Compass: a bilingual front door for platform co-op founders in Thailand."""

__version__ = "0.1.0"
