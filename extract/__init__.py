"""vnextract: figures from Vietnamese press reports into a verifiable SQLite fact store.

>>> from extract import process_text
>>> doc = process_text("Tỷ lệ đạt 130,47%.", "a1")
"""

__version__ = "0.1.0"

from .pipeline import process_text  # noqa: E402

__all__ = ["process_text", "__version__"]
