"""reader: a keyboard-driven terminal app for reading and annotating research papers."""

__version__ = "0.1.0"
